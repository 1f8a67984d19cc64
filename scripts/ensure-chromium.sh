#!/usr/bin/env bash
# Makes sure a headless-capable Chromium is installed and prints the path of its binary on stdout.
# Used by the HTML report's browser test (Tests/InnerSourceTests/HTMLReportTests.swift).
#
# - If `chromium` or `chromium-browser` is already on PATH, prints its path and does nothing else.
# - Otherwise installs Debian's `chromium` package with apt-get (apt-get update first, non-interactive),
#   through sudo only when not running as root.
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

if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-chromium: chromium is not on PATH and apt-get is not available to install it" >&2
    exit 1
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "ensure-chromium: chromium is not on PATH; installing it needs root, and sudo is not available" >&2
        exit 1
    fi
    sudo_cmd=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive
echo "ensure-chromium: installing Debian's chromium package (this can take a few minutes)" >&2
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium >&2

if path=$(find_chromium); then
    echo "$path"
    exit 0
fi
echo "ensure-chromium: apt-get installed chromium, but neither chromium nor chromium-browser is on PATH" >&2
exit 1
