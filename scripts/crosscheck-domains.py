#!/usr/bin/env python3
"""Cross-check innersource's zero-configuration teams (e-mail domains) against git log alone.

For every domain that innersource treats as a team, the number of non-merge commits authored from that
domain (after .mailmap) must equal what `git log --no-merges --use-mailmap --format=%aE` gives. Commits
by public-provider and noreply addresses must add up to innersource's `unaffiliated` row. Bots are kept
(--no-default-bots, and agents with --no-default-agents) so that both sides count the same commits.

Usage: scripts/crosscheck-domains.py REPO [--innersource PATH]
Prints the agreement and exits 0 when every team agrees, 1 otherwise.
"""
import argparse
import collections
import csv
import os
import subprocess
import sys
import tempfile


def git_counts(repo):
    out = subprocess.run(["git", "-C", repo, "log", "--no-merges", "--use-mailmap", "--format=%aE"],
                         check=True, capture_output=True).stdout.decode("utf-8", "replace")
    counts = collections.Counter()
    for email in out.splitlines():
        counts[email.rsplit("@", 1)[-1].lower() if "@" in email else ""] += 1
    return counts


def our_counts(repo, binary):
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([binary, "analyze", repo, "--out", out, "--no-default-bots", "--no-default-agents",
                        "--format", "json"],
                       check=True, stdout=subprocess.DEVNULL)
        counts = collections.Counter()
        with open(os.path.join(out, "contributors.csv"), newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                counts[row["team"]] += int(row["commits"])
        return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo")
    parser.add_argument("--innersource", default=os.path.join(os.path.dirname(__file__), "..", ".build", "release", "innersource"))
    args = parser.parse_args()
    git = git_counts(args.repo)
    ours = our_counts(args.repo, args.innersource)
    teams = sorted(t for t in ours if t != "unaffiliated")
    agree = [t for t in teams if ours[t] == git.get(t, 0)]
    differ = [t for t in teams if ours[t] != git.get(t, 0)]
    team_commits = sum(ours[t] for t in teams)
    unaffiliated_git = sum(n for d, n in git.items() if d not in ours or d == "unaffiliated")
    print(f"repository: {args.repo}")
    print(f"non-merge commits: git {sum(git.values())}, innersource {sum(ours.values())}")
    print(f"domain teams: {len(teams)}, agreeing {len(agree)} ({team_commits} commits), differing {len(differ)}")
    print(f"unaffiliated commits: innersource {ours.get('unaffiliated', 0)}, git (domains that are no team) {unaffiliated_git}")
    for team in differ[:20]:
        print(f"  differs: {team}: innersource {ours[team]}, git {git.get(team, 0)}")
    top = sorted(teams, key=lambda t: (-ours[t], t))[:10]
    print("largest teams: " + ", ".join(f"{t} {ours[t]}" for t in top))
    ok = not differ and sum(git.values()) == sum(ours.values()) and ours.get("unaffiliated", 0) == unaffiliated_git
    print("agreement: " + ("complete" if ok else "INCOMPLETE"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
