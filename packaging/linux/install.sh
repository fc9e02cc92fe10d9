#!/bin/sh
# Install a built tbcase (dist/tbcase from packaging/build.py) for the current user:
# the program, its menu entry, the .tbcase file type (double-click opens the case) and icons.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PREFIX=${PREFIX:-$HOME/.local}
APP=io.github.tbcase.tbcase
mkdir -p "$PREFIX/lib" "$PREFIX/bin" "$PREFIX/share/applications" "$PREFIX/share/mime/packages" \
         "$PREFIX/share/metainfo"
rm -rf "$PREFIX/lib/tbcase"
cp -r "$ROOT/dist/tbcase" "$PREFIX/lib/tbcase"
ln -sf "$PREFIX/lib/tbcase/tbcase" "$PREFIX/bin/tbcase"
cp "$ROOT/packaging/linux/$APP.desktop" "$PREFIX/share/applications/"
cp "$ROOT/packaging/linux/$APP.mime.xml" "$PREFIX/share/mime/packages/$APP.xml"
cp "$ROOT/packaging/linux/$APP.metainfo.xml" "$PREFIX/share/metainfo/"
for size in 16 24 32 48 64 128 256 512; do
  dir="$PREFIX/share/icons/hicolor/${size}x${size}/apps"
  mkdir -p "$dir"
  cp "$ROOT/packaging/icons/tbcase-$size.png" "$dir/$APP.png"
  mime="$PREFIX/share/icons/hicolor/${size}x${size}/mimetypes"
  mkdir -p "$mime"
  cp "$ROOT/packaging/icons/tbcase-$size.png" "$mime/application-x-tbcase.png"
done
mkdir -p "$PREFIX/share/icons/hicolor/scalable/apps"
cp "$ROOT/resources/icons/tbcase.svg" "$PREFIX/share/icons/hicolor/scalable/apps/$APP.svg"
command -v update-mime-database >/dev/null && update-mime-database "$PREFIX/share/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$PREFIX/share/applications" || true
echo "installed: $PREFIX/bin/tbcase"
