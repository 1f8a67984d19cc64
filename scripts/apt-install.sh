#!/usr/bin/env bash
# Installs Debian packages with apt-get (update first, non-interactive, no recommended extras), through sudo
# only when not root, one installer at a time. The tests install PostgreSQL and Chromium from tests that run
# in parallel, and apt-get fails at once (exit 100) while another apt-get holds its locks: every installer
# of this project takes one lock file first, and apt-get waits up to ten minutes for dpkg's own lock (held
# by a package manager outside the project). All output goes to stderr.
#
#   scripts/apt-install.sh PACKAGE...
set -euo pipefail

[ $# -gt 0 ] || { echo "usage: $0 PACKAGE..." >&2; exit 2; }
if ! command -v apt-get >/dev/null 2>&1; then
    echo "apt-install: apt-get is not available to install $*; install them with your package manager" >&2
    exit 1
fi
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "apt-install: installing $* needs root, and sudo is not available" >&2; exit 1; }
    sudo_cmd=(sudo)
fi

lock=${TMPDIR:-/tmp}/innersource-apt-install.lock
exec 9>>"$lock"
if ! flock -w 1800 9; then
    echo "apt-install: another installer has held $lock for 30 minutes; gave up installing $*" >&2
    exit 1
fi
wait_for_dpkg=(-o DPkg::Lock::Timeout=600)
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${wait_for_dpkg[@]}" update -qq >&2
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${wait_for_dpkg[@]}" install -y -qq --no-install-recommends "$@" >&2
