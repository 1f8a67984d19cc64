#!/usr/bin/env bash
# Makes sure a headless-capable Chromium is installed and prints the path of its binary on stdout.
# Used by the HTML report's browser test (Tests/InnerSourceTests/HTMLReportTests.swift).
#
# - If `chromium` or `chromium-browser` is already on PATH, prints its path and does nothing else.
# - Otherwise installs Debian's `chromium` package (scripts/apt-install.sh: through sudo only when not root,
#   one installer at a time).
# - All apt output goes to stderr, so stdout is only the binary path. Exits non-zero, with a message
#   on stderr, when Chromium cannot be installed.
set -euo pipefail

find_chromium() {
    local name found
    for name in chromium chromium-browser; do
        if found=$(command -v "$name" 2>/dev/null); then
            echo "$found"
            return 0
        fi
    done
    return 1
}

if path=$(find_chromium); then
    echo "$path"
    exit 0
fi

echo "ensure-chromium: installing Debian's chromium package (this can take a few minutes)" >&2
"$(dirname "$0")/apt-install.sh" chromium
if path=$(find_chromium); then
    echo "$path"
    exit 0
fi
echo "ensure-chromium: apt-get installed chromium, but neither chromium nor chromium-browser is on PATH" >&2
exit 1
