#!/usr/bin/env bash
# Installs what building innersource needs when it is missing: libgit2's headers and pkg-config.
# Uses sudo only when not root. Safe to run again: it does nothing when everything is there.
set -euo pipefail

if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libgit2; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-deps: libgit2 (development files) and pkg-config are needed; install them with your package manager" >&2
    exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

echo "ensure-deps: installing libgit2-dev and pkg-config" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq libgit2-dev pkg-config >/dev/null
pkg-config --exists libgit2
