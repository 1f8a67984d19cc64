#!/usr/bin/env python3
"""Compares innersource's rename detection with `git log --numstat -M` on a whole history
(or, with --no-renames, its plain numstat with `git log --numstat --no-renames`).

    scripts/crosscheck-renames.py REPO [--bench .build/release/innersource-bench]

Prints how many commits agree, how many renames each side found, and a few disagreements. Exit status 0
when both agree on every commit, 1 otherwise (a measurement to report, not a test)."""
import argparse, subprocess, sys

def parse(data):
    commits, current, tokens, i = {}, None, data.split(b"\0"), 0
    while i < len(tokens):
        token = tokens[i].decode("utf-8", "surrogateescape"); i += 1
        while "\x01" in token:
            header, _, token = token[token.index("\x01") + 1:].partition("\n")
            current = header.strip(); commits.setdefault(current, set())
        token = token.strip("\n")
        if not token or current is None:
            continue
        parts = token.split("\t", 2)
        if len(parts) != 3:
            continue
        added, deleted, path = parts
        old = None
        if path == "" and i + 1 < len(tokens):
            old, path = tokens[i].decode("utf-8", "surrogateescape"), tokens[i + 1].decode("utf-8", "surrogateescape"); i += 2
        commits[current].add((added, deleted, old, path))
    return commits

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("repo")
    parser.add_argument("--bench", default=".build/release/innersource-bench")
    parser.add_argument("--no-renames", action="store_true", help="compare git log --numstat --no-renames instead")
    args = parser.parse_args()
    git_flag, our_flags = (["--no-renames"], []) if args.no_renames else (["-M"], ["--find-renames"])
    git = subprocess.run(["git", "-C", args.repo, "-c", "core.quotepath=off", "-c", "diff.renameLimit=1000", "log",
                          "--numstat"] + git_flag + ["--no-merges", "-z", "--format=%x01%H"], capture_output=True, check=True).stdout
    ours = subprocess.run([args.bench, "numstat", args.repo] + our_flags, capture_output=True, check=True).stdout
    a, b = parse(git), parse(ours)
    keys = set(a) | set(b)
    differ = sorted(k for k in keys if a.get(k, set()) != b.get(k, set()))
    renames_git = sum(1 for entries in a.values() for e in entries if e[2] is not None)
    renames_ours = sum(1 for entries in b.values() for e in entries if e[2] is not None)
    print(f"commits: {len(keys)}, agreeing: {len(keys) - len(differ)}, differing: {len(differ)}")
    print(f"renames found: git {renames_git}, ours {renames_ours}")
    for commit in differ[:5]:
        only_git = sorted(a.get(commit, set()) - b.get(commit, set()), key=str)
        only_ours = sorted(b.get(commit, set()) - a.get(commit, set()), key=str)
        print(f"{commit[:10]}: only git {only_git[:4]} only ours {only_ours[:4]}")
    return 0 if not differ else 1

if __name__ == "__main__":
    sys.exit(main())
