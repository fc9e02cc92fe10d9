; Inno Setup script for tbcase: a per-user installer (no administrator rights).
; Build on Windows after `python packaging\build.py`:
;     iscc /DMyAppVersion=0.1.0 packaging\windows\tbcase.iss
; (build.py prints the exact command with the version from tbcase/__init__.py.)
; It cannot be built on Linux: Inno Setup runs on Windows only.

#ifndef MyAppVersion
  #error Pass the version: iscc /DMyAppVersion=X.Y.Z (python packaging\build.py prints it)
#endif
#define MyAppName "tbcase"
#define MyAppId "io.github.tbcase.tbcase"
#define MyAppExe "tbcase.exe"

[Setup]
AppId={{6F0B8E52-3C1D-4B8E-9A57-2D1F7C0B9E41}
AppName={#MyAppName}
AppVersion={#MyAppVersion}
AppVerName={#MyAppName} {#MyAppVersion}
AppPublisher=The tbcase developers
DefaultDirName={localappdata}\Programs\tbcase
DefaultGroupName=tbcase
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ChangesAssociations=yes
OutputDir=..\..\dist
OutputBaseFilename=tbcase-{#MyAppVersion}-setup
SetupIconFile=..\icons\tbcase.ico
UninstallDisplayIcon={app}\{#MyAppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\tbcase\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\tbcase"; Filename: "{app}\{#MyAppExe}"; Parameters: "gui"
Name: "{autodesktop}\tbcase"; Filename: "{app}\{#MyAppExe}"; Parameters: "gui"; Tasks: desktopicon

[Registry]
; .tbcase files open in tbcase (per user, under HKCU\Software\Classes)
Root: HKA; Subkey: "Software\Classes\.tbcase"; ValueType: string; ValueName: ""; ValueData: "{#MyAppId}.case"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.tbcase"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-tbcase"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#MyAppId}.case"; ValueType: string; ValueName: ""; ValueData: "tbcase 案件文件"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#MyAppId}.case\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#MyAppExe},0"
Root: HKA; Subkey: "Software\Classes\{#MyAppId}.case\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#MyAppExe}"" gui ""%1"""

[Run]
Filename: "{app}\{#MyAppExe}"; Parameters: "gui"; Description: "{cm:LaunchProgram,tbcase}"; Flags: nowait postinstall skipifsilent

; User data is never touched on uninstall: the case library (Documents\tbcase) and the
; settings (%APPDATA%\tbcase) stay. Only the program folder is removed.
[UninstallDelete]
Type: filesandordirs; Name: "{app}\_internal"
