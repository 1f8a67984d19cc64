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

echo "ensure-deps: installing ${missing[*]}" >&2
"$(dirname "$0")/apt-install.sh" "${missing[@]}" 2>&1 | grep -v '^debconf: ' >&2 || true
pkg-config --exists libgit2 sqlite3 libpq || { echo "ensure-deps: ${missing[*]} could not be installed (see above)" >&2; exit 1; }
