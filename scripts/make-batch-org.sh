#!/usr/bin/env bash
# Builds the organisation the batch benchmark runs over (`innersource-bench --stage batch`): COPIES mirror
# clones of each SOURCE repository (default 25) under OUT/repos/NAME-NN.git, kept as a mirror keeps them
# (every ref, the pull-request heads included: `git clone --mirror --no-hardlinks`, then plain copies, so that
# no copy shares a file with its source or another copy), and a pipeline OUT/pipeline.yml that discovers them.
#
# The copies are complete repositories, as an organisation's mirrors are. A SOURCE that is a partial clone
# (the tool library's mirrors lack blobs of 4 MiB and more) gives copies without its promisor marker, and
# without the refs that reach an absent object (swift-nio: refs/pull/3398/*, whose only commits add a
# core dump of 4 MiB or more); the script checks that no ref of a copy reaches an absent object, and says which refs
# it left out.
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
    template="$out/template-$name.git"
    if ! git clone -q --mirror --no-hardlinks "$source" "$template"; then
        echo "$0: cloning $source into $template failed" >&2
        exit 1
    fi
    # Refs that reach an absent object go; so does the promisor marker: the copy is then a complete mirror.
    absent=$(git -C "$template" rev-list --objects --all --missing=print | sed -n 's/^?//p')
    for object in $absent; do
        for commit in $(git -C "$template" log --all --format=%H --find-object="$object"); do
            for ref in $(git -C "$template" for-each-ref --format='%(refname)' --contains "$commit"); do
                git -C "$template" update-ref -d "$ref"
                echo "$name: left out $ref (it reaches the absent object $object)"
            done
        done
    done
    rm -f "$template"/objects/pack/*.promisor
    git -C "$template" config --unset-all remote.origin.promisor 2>/dev/null || true
    git -C "$template" config --unset-all extensions.partialclone 2>/dev/null || true
    if git -C "$template" rev-list --objects --all --missing=print | grep -q '^?'; then
        echo "$0: $name: refs still reach absent objects after leaving some out" >&2
        exit 1
    fi
    for index in $(seq -w 1 "$copies"); do
        cp -r "$template" "$out/repos/$name-$index.git"
    done
    rm -rf "$template"
done

cat >"$out/pipeline.yml" <<EOF
# The batch benchmark's organisation (scripts/make-batch-org.sh): $copies copies of each of $# repositories.
version: 1
repositories:
  - root: $(cd "$out/repos" && pwd)
outputs: { dir: "\${INNERSOURCE_OUT}", formats: [csv, json, checklist, html, prometheus, sqlite] }
EOF
echo "$(find "$out/repos" -mindepth 1 -maxdepth 1 -name '*.git' | wc -l) repositories under $out/repos; pipeline: $out/pipeline.yml"
