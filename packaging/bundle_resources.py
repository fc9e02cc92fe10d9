"""The files under resources/ that the app loads at run time, as globs (relative to
resources/). The PyInstaller spec bundles exactly these; tests/unit/test_packaging.py
fails when a file under resources/ is neither listed here nor a known source file."""

RUNTIME = (
    "fonts/wqy-microhei.ttc",        # the CJK font: window and PDF
    "fonts/wqy-microhei.COPYRIGHT",  # its licence travels with it
    "rules/*.toml",                  # the deadline rules
    "i18n/*.qm",                     # compiled translations
    "icons/*.svg",                   # the window and toolbar icons
)

# Sources that are not loaded at run time (translations are compiled to .qm)
SOURCES = (
    "i18n/*.ts",
    "__init__.py",
)
