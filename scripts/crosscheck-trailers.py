#!/usr/bin/env python3
"""Compares the trailers innersource reads from every commit with `git log --format=%(trailers:only,unfold)`,
commit by commit, and the Co-authored-by, Reviewed-by and Signed-off-by trailers with
`git log --format=%(trailers:key=KEY,valueonly,unfold)`; then counts the distinct people named as co-authors
both ways (bots left out, as innersource leaves them out).

    scripts/crosscheck-trailers.py REPO [--bench .build/release/innersource-bench]

Prints the agreement and a few disagreements. Exit status 0 when both agree on every commit, 1 otherwise
(a measurement to report, not a test)."""
import argparse, re, subprocess, sys

KEYS = ["Co-authored-by", "Reviewed-by", "Signed-off-by"]
BOT = re.compile(r"\[bot\]|-bot\b|_bot\b|dependabot|renovate|github-actions", re.I)


def blocks(data):
    """`\\x01ID\\n` then lines, per commit: {id: [line, ...]}."""
    commits = {}
    for block in data.decode("utf-8", "surrogateescape").split("\x01")[1:]:
        head, _, rest = block.partition("\n")
        commits[head.strip()] = [line for line in rest.split("\n") if line.strip()]
    return commits


def git_log(repo, pretty):
    return subprocess.run(["git", "-C", repo, "log", "--format=%x01%H%n" + pretty], capture_output=True, check=True).stdout


def email(value):
    match = re.search(r"<([^<>]*)>\s*$", value)
    return match.group(1).strip().lower() if match and match.group(1).strip() else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("repo")
    parser.add_argument("--bench", default=".build/release/innersource-bench")
    args = parser.parse_args()
    git = blocks(git_log(args.repo, "%(trailers:only,unfold)"))
    ours = blocks(subprocess.run([args.bench, "trailers", args.repo], capture_output=True, check=True).stdout)
    keys = sorted(set(git) | set(ours))
    differ = [k for k in keys if git.get(k, []) != ours.get(k, [])]
    with_trailers = sum(1 for k in keys if git.get(k))
    print(f"commits: {len(keys)} ({with_trailers} with trailers); all trailers agree on {len(keys) - len(differ)}, differ on {len(differ)}")
    for key in KEYS:
        values = blocks(git_log(args.repo, f"%(trailers:key={key},valueonly,unfold)"))
        mine = {k: [line.split(": ", 1)[1] if ": " in line else "" for line in lines if line.split(":", 1)[0].lower() == key.lower()]
                for k, lines in ours.items()}
        mismatched = [k for k in keys if values.get(k, []) != mine.get(k, [])]
        count = sum(len(v) for v in values.values())
        print(f"{key}: git {count} trailers, ours {sum(len(v) for v in mine.values())}; commits differing: {len(mismatched)}")
        if key == "Co-authored-by":
            def people(table):
                return {e for lines in table.values() for v in lines if not BOT.search(v) for e in [email(v)] if e}
            print(f"  distinct co-authors (bots left out): git {len(people(values))}, ours {len(people(mine))}")
    for commit in differ[:5]:
        print(f"{commit[:10]}: git {git.get(commit, [])[:4]} ours {ours.get(commit, [])[:4]}")
    return 0 if not differ else 1


if __name__ == "__main__":
    sys.exit(main())
