#!/usr/bin/env python3
"""Recompute every openness check and the aggregate of a summary.json from its own figures.

An independent implementation of docs/DEFINITIONS.md, "Openness score": each check's score is worked out
again from the figures summary.json carries (cross_team.contributions, cross_team.change_requests,
cross_team.teams, owner, concentration, hygiene), and the aggregate as the weighted mean of the conclusive
checks. Prints one line per disagreement.

Usage: scripts/crosscheck-openness.py SUMMARY.json
Exits 0 when every check of every analysed repository agrees, 1 otherwise.
"""
import json
import math
import sys

WEIGHTS = {"critical": 10, "high": 7.5, "medium": 5, "low": 2.5}
IMPORTANCE = {
    "cross_team_participation": "critical",
    "contributing_teams": "medium",
    "trusted_committer_path": "high",
    "outsider_wait": "medium",
    "readme": "high",
    "contributing_guide": "high",
    "ownership_named": "medium",
    "communication_channel": "low",
    "concentration": "medium",
}
INCONCLUSIVE = -1
DAY = 86400.0


def half_up(value):
    """Rounded half up, after snapping to a millionth (as the definitions say)."""
    return int(math.floor(round(value * 1_000_000) / 1_000_000 + 0.5))


def tenths(fraction):
    return half_up(10 * max(0.0, min(1.0, fraction)))


def level_score(status):
    return {"adequate": 10, "thin": 5, "missing": 0}[status]


def checks(repo):
    cross = repo["cross_team"]
    contributions = cross["contributions"]
    requests = cross["change_requests"]
    landing = contributions["landing"]
    total, outsiders = contributions["total"], contributions["cross_team"]
    unit = contributions["unit"]
    known = total > 0 and repo["owner"].get("team") is not None and len(cross.get("teams", [])) > 0
    out = {}

    out["cross_team_participation"] = tenths(outsiders / total / 0.30) if known else INCONCLUSIVE
    out["contributing_teams"] = tenths(len(cross.get("contributing_teams", [])) / 3) if known else INCONCLUSIVE

    declined = requests.get("cross_team_declined", 0) if unit == "change_requests" else 0
    if outsiders + declined == 0:
        out["trusted_committer_path"] = INCONCLUSIVE
    else:
        parts = []
        owner, platform, own, other = (landing.get(k, 0) for k in ("owner_landed", "platform_landed", "self_landed", "other"))
        if outsiders > 0:
            parts.append((owner + platform + own / 2) / outsiders)
        narrowing = 1.0
        share = landing.get("busiest_committer_share")
        by_people, by_others = owner + own + other, owner + other
        if outsiders > 0 and share is not None and share > 0.5 and by_people > 0 and share * by_people <= by_others + 0.5:
            narrowing = 1 - (share - 0.5)
        if unit == "change_requests" and requests.get("acceptance_ratio") is not None:
            parts.append(requests["acceptance_ratio"])
        out["trusted_committer_path"] = tenths(narrowing * sum(parts) / len(parts))

    outsider_wait = landing.get("outsider_median_delay_seconds")
    if outsiders == 0 or outsider_wait is None:
        out["outsider_wait"] = INCONCLUSIVE
    else:
        extra = max(0.0, outsider_wait - (landing.get("owner_median_delay_seconds") or 0)) / DAY
        out["outsider_wait"] = 10 if extra < 1 else tenths(1 - extra / 15)

    hygiene = repo["hygiene"]
    out["readme"] = level_score(hygiene["readme"]["check"]["status"])
    out["contributing_guide"] = level_score(hygiene["contributing"]["check"]["status"])
    codeowners = hygiene["codeowners"]
    points = 5 if codeowners.get("default_rule") is not None and codeowners.get("owners") else 0
    points += {"adequate": 5, "thin": 2.5, "missing": 0}[hygiene["trusted_committers"]["status"]]
    out["ownership_named"] = tenths(points / 10)
    out["communication_channel"] = level_score(hygiene["communication"]["status"])

    concentration = repo["concentration"]
    bus, truck = concentration.get("bus_factor"), concentration.get("truck_factor")
    parts = []
    if bus is not None:
        parts.append((max(0, min(bus - 1, 3)) / 3, 2))
    if truck is not None:
        parts.append((1.0 if truck >= 2 else 0.0, 1))
    out["concentration"] = tenths(sum(s * w for s, w in parts) / sum(w for _, w in parts)) if parts else INCONCLUSIVE
    return out


def main():
    summary = json.load(open(sys.argv[1], encoding="utf-8"))
    problems, compared = [], 0
    for repo in summary["repositories"]:
        name = repo["repository"]
        openness = repo.get("openness")
        if repo["status"] != "ok":
            if repo["status"] == "empty" and openness and any(c["score"] != INCONCLUSIVE for c in openness["checks"]):
                problems.append(f"{name}: an empty repository with a conclusive check")
            continue
        expected = checks(repo)
        reported = {c["id"]: c for c in openness["checks"]}
        if list(reported) != list(IMPORTANCE):
            problems.append(f"{name}: checks {list(reported)}")
        for check_id, score in expected.items():
            got = reported.get(check_id, {})
            if got.get("score") != score:
                problems.append(f"{name}: {check_id} reported {got.get('score')}, recomputed {score} ({got.get('evidence')})")
            if got.get("weight") != WEIGHTS[IMPORTANCE[check_id]] or got.get("importance") != IMPORTANCE[check_id]:
                problems.append(f"{name}: {check_id} weighs {got.get('weight')} ({got.get('importance')})")
        conclusive = [(WEIGHTS[IMPORTANCE[k]], v) for k, v in expected.items() if v != INCONCLUSIVE]
        weight = sum(w for w, _ in conclusive)
        score = half_up(sum(w * v for w, v in conclusive) / weight * 10) if weight else None
        if openness.get("score") != score:
            problems.append(f"{name}: score reported {openness.get('score')}, recomputed {score}")
        if score is not None and openness.get("aggregate") != score / 10:
            problems.append(f"{name}: aggregate {openness.get('aggregate')} is not {score / 10}")
        compared += 1
    for line in problems:
        print(line)
    print(f"{compared} repositories compared, {len(problems)} disagreements")
    return 1 if problems or compared == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
