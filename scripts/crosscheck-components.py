#!/usr/bin/env python3
"""Cross-checks `components.csv` against git and an independent CODEOWNERS matcher on a real repository.

    crosscheck-components.py REPO --innersource BINARY [--as-of DATE]

Runs `innersource analyze REPO --no-default-bots` (every person's commit counts; no bot list), then counts
independently: `git log --no-merges --no-renames --name-only` over the whole history, each changed path
placed by the `codeowners` package on PyPI (a port of hmarr/codeowners) at the CODEOWNERS of HEAD, each
commit counted once per rule it touched (a rule without owners, and no rule, are the unowned paths), and
the files at HEAD by `git ls-tree`. Prints one line per component and exits 1 on any difference, 3 when
`codeowners` is not installed. The repository must have a CODEOWNERS file and no OWNERS or catalog files.
"""
import argparse
import csv
import os
import subprocess
import sys
import tempfile

try:
    from codeowners import CodeOwners
except ImportError as error:
    print(f"codeowners is not installed: {error}", file=sys.stderr)
    sys.exit(3)

LOCATIONS = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"]


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True).stdout.decode("utf-8", "surrogateescape")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("repo")
    parser.add_argument("--innersource", required=True)
    parser.add_argument("--as-of", default="2100-01-01")
    args = parser.parse_args()
    heads = set(git(args.repo, "ls-tree", "-r", "--name-only", "HEAD").splitlines())
    location = next((path for path in LOCATIONS if path in heads), None)
    if location is None:
        sys.exit(f"{args.repo}: no CODEOWNERS at HEAD")
    text = git(args.repo, "show", f"HEAD:{location}")
    owners = CodeOwners(text)

    def rule_of(path):
        found, line, _, _ = owners.matching_line(path)
        return f"{location}:{line}" if line is not None and found else ""

    commits, files = {}, {}
    for path in heads:
        files[rule_of(path)] = files.get(rule_of(path), 0) + 1
    log = git(args.repo, "log", "--no-merges", "--no-renames", "--format=%x00%H", "--name-only", "HEAD")
    for entry in log.split("\0")[1:]:
        lines = [line for line in entry.splitlines()[1:] if line]
        for rule in {rule_of(path) for path in lines}:
            commits[rule] = commits.get(rule, 0) + 1

    with tempfile.TemporaryDirectory() as out:
        subprocess.run([args.innersource, "analyze", args.repo, "--no-default-bots", "--as-of", args.as_of, "--out", out,
                        "--write", "csv"], check=True, capture_output=True)
        with open(os.path.join(out, "components.csv"), encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    differences = 0
    seen = set()
    for row in rows:
        rule = row["rule"]
        seen.add(rule)
        expected = (commits.get(rule, 0), files.get(rule, 0))
        actual = (int(row["commits"]), int(row["files"]))
        status = "ok" if expected == actual else "DIFFERENT"
        differences += expected != actual
        print(f"{status} {rule or '(unowned)'} {row['component']}: commits {actual[0]} (git {expected[0]}), files {actual[1]} (git {expected[1]})")
    for rule in sorted(set(commits) | set(files)):
        if rule not in seen and (commits.get(rule) or files.get(rule)):
            differences += 1
            print(f"MISSING {rule or '(unowned)'}: git {commits.get(rule, 0)} commits, {files.get(rule, 0)} files")
    print(f"{len(rows)} components, {differences} different")
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
