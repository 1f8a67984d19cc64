#!/usr/bin/env bash
# Writes every output of a fixed matrix of runs into OUT, so that two builds can be compared byte for byte
# (a refactoring must not change a figure): each fixture repository analysed with several option sets and
# every format, the stdout of each --format, the fixture organisation's batch, and any extra repositories
# given (real mirrors). SQLite databases are also dumped as SQL text beside them.
#
#   scripts/output-snapshot.sh INNERSOURCE OUT [REPO...]
#   diff -r OUT-before OUT-after
#
# Fixtures are built once into $SNAPSHOT_FIXTURES (default: /tmp/innersource-snapshot-fixtures) and reused,
# so that both builds read the very same repositories (paths appear in summary.json).
set -euo pipefail

if [ $# -lt 2 ]; then
    echo "usage: $0 INNERSOURCE OUT [REPO...]" >&2
    exit 2
fi
binary=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$2
shift 2
here=$(cd "$(dirname "$0")/.." && pwd)
fixtures=${SNAPSHOT_FIXTURES:-/tmp/innersource-snapshot-fixtures}
as_of=2025-01-01T00:00:00Z
export INNERSOURCE_PSEUDONYM_KEY=snapshot-key-0123456789abcdef
export TZ=UTC LC_ALL=C NO_COLOR=1

if [ ! -d "$fixtures" ]; then
    mkdir -p "$fixtures"
    for script in "$here"/fixtures/repos/*.sh; do
        name=$(basename "$script" .sh)
        case "$name" in lib) continue ;; esac
        bash "$script" "$fixtures/$name" >/dev/null
    done
fi

rm -rf "$out"
mkdir -p "$out"

# run NAME ARGS...: one analyze run, its three stdout formats, and --out with every format.
run() {
    local name=$1
    shift
    local dir="$out/$name"
    mkdir -p "$dir"
    for format in table markdown json; do
        "$binary" analyze "$@" --as-of "$as_of" --format "$format" --limit 0 >"$dir/stdout.$format" 2>"$dir/stderr.$format" \
            || echo "exit $?" >>"$dir/stderr.$format"
    done
    "$binary" analyze "$@" --as-of "$as_of" --out "$dir/files" --format json >/dev/null 2>"$dir/stderr.out" \
        || echo "exit $?" >>"$dir/stderr.out"
}

for repo in basic edge renames teams; do
    run "$repo" "$fixtures/$repo"
done
run teams-roster "$fixtures/teams" --roster "$here/fixtures/teams/roster.yml" --aliases "$here/fixtures/teams/aliases.yml"
run teams-roster-csv "$fixtures/teams" --roster "$here/fixtures/teams/roster.csv" --owner payments
run teams-pseudonymized "$fixtures/teams" --roster "$here/fixtures/teams/roster.yml" --pseudonymize --min-group-size 2
run teams-window "$fixtures/teams" --since 2024-02-01 --until 2024-03-11
run teams-nobots "$fixtures/teams" --no-default-bots --bot 'paula*'
run renames-detect "$fixtures/renames" --find-renames
run basic-merges "$fixtures/basic" --merge-stats --ref main
run basic-empty-window "$fixtures/basic" --since 2030-01-01

# The fixture organisation's batch, cold; then the same again with shards and a merge.
org="$out/org"
mkdir -p "$org"
if [ ! -d "$fixtures/org-tree" ]; then bash "$here/fixtures/repos/org.sh" "$fixtures/org-tree" >/dev/null; fi
INNERSOURCE_ORG="$fixtures/org-tree" INNERSOURCE_OUT="$org/batch" \
    "$binary" run "$here/fixtures/org/pipeline.yml" --no-cache --jobs 1 >"$org/stdout" 2>"$org/stderr" || echo "exit $?" >>"$org/stderr"
for k in 0 1; do
    INNERSOURCE_ORG="$fixtures/org-tree" INNERSOURCE_OUT="$org/shard-$k" \
        "$binary" run "$here/fixtures/org/pipeline.yml" --no-cache --shard "$k/2" >/dev/null 2>&1 || true
done
"$binary" merge "$org/shard-0" "$org/shard-1" --out "$org/merged" >"$org/merge.stdout" 2>"$org/merge.stderr" \
    || echo "exit $?" >>"$org/merge.stderr"

index=0
for repo in "$@"; do
    index=$((index + 1))
    run "extra-$index-$(basename "$repo")" "$repo"
done

# Progress lines name seconds, and messages the snapshot's own folder: both are left out of the comparison.
find "$out" \( -name 'stderr*' -o -name 'stdout*' -o -name 'merge.*' \) -type f -exec sed -i -E "s/[0-9]+\.[0-9] s\$/N s/; s#$out#OUT#g" {} +
find "$out" -name '.cache' -type d -prune -exec rm -rf {} +
find "$out" -name '*.sqlite' | while read -r database; do
    sqlite3 "$database" .dump >"$database.sql"
done
echo "snapshot in $out"
