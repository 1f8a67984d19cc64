#!/usr/bin/env bash
# Installs what building innersource needs when it is missing: libgit2's, SQLite's and libpq's headers
# and pkg-config. Uses sudo only when not root. Safe to run again: it does nothing when everything is there.
set -euo pipefail

missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists libgit2; then missing+=(libgit2-dev); fi
if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists sqlite3; then missing+=(libsqlite3-dev); fi
if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists libpq; then missing+=(libpq-dev); fi
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-deps: these are needed: ${missing[*]}; install them with your package manager" >&2
    exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

echo "ensure-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
pkg-config --exists libgit2 sqlite3 libpq
