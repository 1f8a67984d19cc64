#!/usr/bin/env bash
# Installs Debian packages with apt-get (update first, non-interactive, no recommended extras), through sudo
# only when not root, one installer at a time. The tests install PostgreSQL and Chromium from tests that run
# in parallel, and apt-get fails at once (exit 100) while another apt-get holds its locks: every installer
# of this project takes one lock file first (/tmp/innersource-apt-install.lock, readable by every user), then
# installs only what is still missing (another installer may have just installed it), and apt-get waits up
# to ten minutes for dpkg's own lock (held by a package manager outside the project). All output goes to
# stderr.
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

installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

lock=/tmp/innersource-apt-install.lock
if command -v flock >/dev/null 2>&1; then
    # Made readable and writable by everyone, and opened read-only: flock needs no write access, so a file
    # another user created does not stop this one.
    [ -e "$lock" ] || (umask 000 && : >>"$lock") 2>/dev/null || true
    if exec 9<"$lock"; then
        if ! flock -w 1800 9; then
            echo "apt-install: another installer has held $lock for 30 minutes; gave up installing $*" >&2
            exit 1
        fi
    else
        echo "apt-install: cannot open $lock; installing without waiting for other installers" >&2
    fi
else
    echo "apt-install: flock is not available; installing without waiting for other installers" >&2
fi

missing=()
for package in "$@"; do installed "$package" || missing+=("$package"); done
[ ${#missing[@]} -gt 0 ] || exit 0
wait_for_dpkg=(-o DPkg::Lock::Timeout=600)
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${wait_for_dpkg[@]}" update -qq >&2
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${wait_for_dpkg[@]}" install -y -qq --no-install-recommends "${missing[@]}" >&2
