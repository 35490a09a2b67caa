#!/bin/sh
# Install (or with --uninstall, remove) Briefing Reader's desktop integration for the current user:
# the .desktop launcher, the AppStream metainfo and the app icon, under $XDG_DATA_HOME (~/.local/share).
# The launcher runs `briefing-reader`, so install the application first (pip install / pipx install).
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
APP_ID=io.github.briefingreader.BriefingReader
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
SIZES="16 22 24 32 48 64 128 256"

targets() {
    echo "$DATA/applications/$APP_ID.desktop"
    echo "$DATA/metainfo/$APP_ID.metainfo.xml"
    echo "$DATA/icons/hicolor/scalable/apps/$APP_ID.svg"
    for n in $SIZES; do echo "$DATA/icons/hicolor/${n}x${n}/apps/$APP_ID.png"; done
}

refresh_caches() {
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$DATA/applications" || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$DATA/icons/hicolor/index.theme" ]; then
        gtk-update-icon-cache -q -t "$DATA/icons/hicolor" || true
    fi
}

if [ "${1:-}" = "--uninstall" ]; then
    targets | while read -r f; do rm -f "$f"; done
    refresh_caches
    echo "Removed Briefing Reader's desktop integration from $DATA"
    exit 0
fi

install -D -m 644 "$HERE/$APP_ID.desktop" "$DATA/applications/$APP_ID.desktop"
install -D -m 644 "$HERE/$APP_ID.metainfo.xml" "$DATA/metainfo/$APP_ID.metainfo.xml"
install -D -m 644 "$ROOT/resources/icons/briefing-reader.svg" "$DATA/icons/hicolor/scalable/apps/$APP_ID.svg"
for n in $SIZES; do
    install -D -m 644 "$ROOT/resources/icons/briefing-reader-$n.png" "$DATA/icons/hicolor/${n}x${n}/apps/$APP_ID.png"
done
refresh_caches
echo "Installed Briefing Reader's launcher, metainfo and icons under $DATA"
if ! command -v briefing-reader >/dev/null 2>&1; then
    echo "Note: 'briefing-reader' is not on your PATH yet; install the app (pip install briefing-reader) so the launcher works."
fi
