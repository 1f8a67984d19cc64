#!/usr/bin/env bash
# Builds the organisation the batch benchmark runs over (`innersource-bench --stage batch`): COPIES mirror
# clones of each SOURCE repository (default 25) under OUT/NAME-NN.git, kept as a mirror keeps them (every
# ref, the pull-request heads included: `git clone --mirror --no-hardlinks`, so that no copy shares a file
# with its source or another copy), and a pipeline OUT/pipeline.yml that discovers them all.
#
#     scripts/make-batch-org.sh OUT [--copies N] SOURCE...
#
# The issue's organisation: 25 copies each of swift-log, swift-metrics, swift-algorithms and swift-nio:
#
#     scripts/make-batch-org.sh /tmp/batch-org /work/.mirror/apple+{swift-log,swift-metrics,swift-algorithms,swift-nio}/repo
#
# OUT must not exist (nothing is overwritten). Exit status 2 for bad arguments, 1 when a clone fails.
set -euo pipefail

usage() {
    echo "usage: $0 OUT [--copies N] SOURCE..." >&2
    exit 2
}

[ $# -ge 2 ] || usage
out=$1
shift
copies=25
if [ "${1:-}" = "--copies" ]; then
    [ $# -ge 3 ] || usage
    copies=$2
    shift 2
fi
case $copies in '' | *[!0-9]* | 0) echo "$0: --copies must be a whole number of at least 1, not '$copies'" >&2; exit 2 ;; esac
[ $# -ge 1 ] || usage
if [ -e "$out" ]; then
    echo "$0: $out exists; give a folder that does not (nothing is overwritten)" >&2
    exit 2
fi
for source in "$@"; do
    if ! git -C "$source" rev-parse --git-dir >/dev/null 2>&1; then
        echo "$0: $source is not a git repository" >&2
        exit 2
    fi
done

mkdir -p "$out/repos"
for source in "$@"; do
    # The source's folder name, or its parent's when it is a mirror's `repo` folder (owner+name/repo).
    name=$(basename "$source")
    [ "$name" = repo ] && name=$(basename "$(dirname "$source")")
    name=${name#*+}
    name=${name%.git}
    for index in $(seq -w 1 "$copies"); do
        target="$out/repos/$name-$index.git"
        if ! git clone -q --mirror --no-hardlinks "$source" "$target"; then
            echo "$0: cloning $source into $target failed" >&2
            exit 1
        fi
    done
done

cat >"$out/pipeline.yml" <<EOF
# The batch benchmark's organisation (scripts/make-batch-org.sh): $copies copies of each of $# repositories.
version: 1
repositories:
  - root: $(cd "$out/repos" && pwd)
outputs: { dir: "\${INNERSOURCE_OUT}", formats: [csv, json, checklist, html, prometheus, sqlite] }
EOF
echo "$(find "$out/repos" -mindepth 1 -maxdepth 1 -name '*.git' | wc -l) repositories under $out/repos; pipeline: $out/pipeline.yml"
