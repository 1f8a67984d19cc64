#!/usr/bin/env python3
"""Recomputes innersource's change requests (docs/DEFINITIONS.md, "Change requests") with the git command
line alone and compares them with the `change_requests.csv` that `innersource analyze` writes.

    scripts/crosscheck-change-requests.py REPO [--binary .build/release/innersource]
                                               [--as-of 2026-12-01T00:00:00Z] [--stale-after 30]

Independently of the tool: the first-parent chain (`git rev-list --first-parent HEAD`), each chain commit's
own commits (`^C^1 C^2 ...`, found in one walk from the oldest chain commit up), the kinds (merge, squash,
gerrit, direct) from the messages (`git log` with `%aN`/`%aE`, so `.mailmap` of HEAD applies, and git's own
trailer parsing for `Change-Id` and `Reviewed-on`), the request heads (`git for-each-ref refs/pull
refs/merge-requests refs/changes`), rebased heads by author, author date and `git patch-id --stable`
(`git diff-tree -p --no-renames --root`), and for heads that did not land their state from their age and
their lines from `git diff-tree --numstat --no-renames BASE HEAD`.

The two lists are joined on `change_request` (the landing commit's id, or the ref of a head that did not
land). Compared: kind, number (with its host), state, proposer e-mail, lander e-mail, whether `landed_by`
is `platform`, commits, opened, landed, and lines of heads that did not land. `cross_team` and the other
`landed_by` values are reported as informational agreement only (teams are e-mail domains here, as
without a roster).

Prints the counts by kind and state on each side, how many rows agree on every compared field, and the
first 20 disagreements (--show N for more). Exit status 0 when everything compared agrees, 1 otherwise (a
measurement to report, not a test); 2 when the binary cannot be run as asked. --stale-after is passed on
only when the binary's `analyze` has that option. scripts/make-change-request-fixtures.sh builds small
repositories with every convention (GitHub, GitLab, Gerrit) to run this on.

The rules DEFINITIONS spells out for the corner cases, implemented here from its text: a head whose number
several chain commits carry goes to the oldest of them that landed at or after the head's newest commit,
else the newest; a rebased head's patch-equal push is the one nearest HEAD, and its request lands with the
push nearest HEAD; a head whose every commit has a patch-equal push that a lower-numbered head's request
already holds landed, with no request of its own; a chain commit that a head points at, and a merge that
brought a head in, take the head's number (the smallest) when they carry none; an unlanded head's base is
the newest commit it stands on, on equal commit dates one that is not an ancestor of another, then the
smallest id; a head's change with an absent blob has unknown lines.

Git never fetches here (`protocol.allow=never`: a partial clone's promisor remote is not asked) and
nothing is written into REPO. A head whose commit is absent is left out, as the tool leaves it out; a
head whose diff meets an absent blob is counted over the files git can read, and named."""
import argparse, collections, csv, datetime, os, re, subprocess, sys, tempfile

GIT_ENV = dict(os.environ, GIT_NO_REPLACE_OBJECTS="1", GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0")
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
BOT_PATTERNS = [  # Sources/Attribution/BotRules.swift, defaultPatterns
    "*[bot]", "*[bot]@*", "*-bot", "*-bot@*", "*_bot", "*_bot@*", "*-robot", "*-robot@*",
    "dependabot*", "renovate*", "github-actions*", "greenkeeper*", "snyk-bot*", "mergify*", "pre-commit-ci*",
    "codecov*", "imgbot*", "allcontributors*", "semantic-release-bot*", "gitlab-bot*", "travis-ci*",
    "circleci*", "azure-pipelines*", "copybara-service*", "bors", "bors@*", "weblate-bot*",
    "*@dependabot.com", "*@renovateapp.com", "*@greenkeeper.io", "*@snyk.io",
]
BOTS = [re.compile("^" + ".*".join(re.escape(part) for part in p.split("*")) + "$", re.S) for p in BOT_PATTERNS]
PUBLIC = {  # Sources/Attribution/TeamResolver.swift, publicDomains: informational fields only
    "gmail.com", "googlemail.com", "hotmail.com", "outlook.com", "live.com", "msn.com", "icloud.com",
    "me.com", "mac.com", "aol.com", "protonmail.com", "protonmail.ch", "proton.me", "pm.me", "mail.com",
    "gmx.com", "gmx.net", "gmx.de", "web.de", "t-online.de", "posteo.de", "posteo.net", "mailbox.org",
    "fastmail.com", "fastmail.fm", "hey.com", "zoho.com", "tutanota.com", "tuta.io", "yandex.com", "yandex.ru",
    "ya.ru", "mail.ru", "inbox.ru", "bk.ru", "list.ru", "qq.com", "163.com", "126.com", "sina.com",
    "sohu.com", "foxmail.com", "naver.com", "daum.net", "hanmail.net", "free.fr", "orange.fr", "laposte.net",
    "libero.it", "seznam.cz", "wp.pl", "o2.pl", "interia.pl", "rediffmail.com", "riseup.net", "disroot.org",
    "duck.com", "btinternet.com", "comcast.net", "verizon.net", "att.net", "sbcglobal.net", "shaw.ca",
    "rogers.com", "bigpond.com", "optusnet.com.au", "googlegroups.com", "localhost.localdomain", "example.invalid",
}
PUBLIC_SUFFIXES = ("users.noreply.github.com", "noreply.github.com", "users.noreply.gitlab.com", "noreply.gitlab.com",
                   "users.noreply.codeberg.org", ".local", ".localdomain", ".invalid", "(none)")
COMPARED = ["kind", "number", "state", "proposer", "lander", "platform", "commits", "opened", "landed", "lines"]


def git(repo, *args, data=None, check=True):
    result = subprocess.run(["git", "-C", repo, "-c", "protocol.allow=never", "-c", "core.quotepath=off"] + list(args),
                            input=data, capture_output=True, env=GIT_ENV)
    if check and result.returncode != 0:
        raise RuntimeError(f"git {' '.join(args[:3])}: {result.stderr.decode(errors='replace').strip()[:300]}")
    return result


def text(data):
    return data.decode("utf-8", "surrogateescape")


def is_bot(name, email):
    name, email = name.lower(), email.lower()
    return any(b.match(name) or b.match(email) for b in BOTS)


def is_platform(name, email):
    return email.lower() == "noreply@github.com" or is_bot(name, email)


def team(email):
    domain = email.lower().rsplit("@", 1)[-1] if "@" in email else ""
    if (not domain or domain in PUBLIC or domain.split(".")[0] in {"yahoo", "ymail", "hotmail", "outlook", "live", "gmx", "yandex"}
            or domain.endswith(PUBLIC_SUFFIXES)):
        return "unaffiliated"
    return domain


def iso(seconds):
    return None if seconds is None else datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(value):
    value = value.strip()
    if not value:
        return None
    return int(datetime.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())


# ---------------------------------------------------------------------------------------------------- reading git

class Commit:
    __slots__ = ("id", "parents", "an", "ae", "at", "cn", "ce", "ct", "subject", "message", "change_ids", "reviewed_on", "coauthors")


FIELDS = ["%H", "%P", "%aN", "%aE", "%at", "%cN", "%cE", "%ct", "%s",
          "%(trailers:key=Change-Id,valueonly,unfold)", "%(trailers:key=Reviewed-on,valueonly,unfold)",
          "%(trailers:key=Co-authored-by,valueonly,unfold)", "%B"]


def read_commits(repo, tips):
    """Every commit reachable from the tips, with `.mailmap` applied (git log's %aN, %aE, %cN, %cE)."""
    out = git(repo, "log", "--stdin", "--format=%x1e%x1d" + "%x00".join(FIELDS), data=("\n".join(tips) + "\n").encode()).stdout
    commits = {}
    for record in text(out).split("\x1e\x1d")[1:]:
        parts = record.split("\x00")
        c = Commit()
        c.id, parents, c.an, c.ae, at, c.cn, c.ce, ct, c.subject, change_ids, reviewed, coauthors = parts[:12]
        c.message = "\x00".join(parts[12:])
        c.parents = parents.split()
        c.at, c.ct = int(at), int(ct)
        c.change_ids = [v.strip() for v in change_ids.split("\n") if v.strip()]
        c.reviewed_on = [v.strip() for v in reviewed.split("\n") if v.strip()]
        c.coauthors = [v.strip() for v in coauthors.split("\n") if v.strip()]
        commits[c.id] = c
    return commits


def check_mailmap(repo, identities):
    """{`Name <email>`: the same after `.mailmap`} with `git check-mailmap` (co-authors: informational only)."""
    result = {}
    wanted = [i for i in identities if re.fullmatch(r"[^<>]*<[^<>]+>", i.strip())]
    for start in range(0, len(wanted), 200):
        chunk = wanted[start:start + 200]
        out = git(repo, "check-mailmap", *chunk, check=False)
        if out.returncode == 0:
            result.update(zip(chunk, text(out.stdout).splitlines()))
    return result


def read_heads(repo):
    """GitHub and GitLab request heads, and the newest patch set of each Gerrit change: {ref: (host, number, tip)}."""
    out = text(git(repo, "for-each-ref", "--format=%(objectname) %(objecttype) %(refname)", "refs/pull", "refs/merge-requests",
                   "refs/changes").stdout)
    heads, gerrit = {}, {}
    for line in out.splitlines():
        oid, kind, ref = line.split(" ", 2)
        parts = ref.split("/")
        if len(parts) == 4 and parts[1] in ("pull", "merge-requests") and parts[3] == "head" and positive(parts[2]):
            heads[ref] = ("github" if parts[1] == "pull" else "gitlab", int(parts[2]), oid, kind)
        elif len(parts) == 5 and parts[1] == "changes" and positive(parts[3]) and positive(parts[4]):
            change, patch_set = int(parts[3]), int(parts[4])
            if parts[2] == f"{change % 100:02d}" and (change not in gerrit or gerrit[change][0] < patch_set):
                gerrit[change] = (patch_set, ref, oid, kind)
    for change, (_, ref, oid, kind) in gerrit.items():
        heads[ref] = ("gerrit", change, oid, kind)
    return heads


def positive(s):
    return s.isascii() and s.isdigit() and 0 < len(s) <= 18 and int(s) > 0


def present(repo, oids):
    """The ids among `oids` whose object is in the repository, as a commit (peeling nothing)."""
    if not oids:
        return set()
    out = text(git(repo, "cat-file", "--batch-check", data=("\n".join(oids) + "\n").encode()).stdout)
    return {line.split()[0] for line in out.splitlines() if line.endswith("commit") or " commit " in line}


def patch_ids(repo, ids):
    """{commit: patch id} with `git patch-id --stable` over `git diff-tree -p --no-renames --root`; commits whose
    diff git cannot read (a blob absent from a partial clone) or that change nothing get none."""
    result = {}
    ids = list(ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        diff = git(repo, "diff-tree", "-p", "--no-renames", "--root", "--stdin", data=("\n".join(chunk) + "\n").encode(), check=False)
        if diff.returncode != 0:  # one unreadable commit spoils the batch: one by one
            for oid in chunk:
                one = git(repo, "diff-tree", "-p", "--no-renames", "--root", oid, check=False)
                if one.returncode == 0:
                    for line in text(git(repo, "patch-id", "--stable", data=one.stdout).stdout).splitlines():
                        pid, commit = line.split()
                        result[commit] = pid
            continue
        for line in text(git(repo, "patch-id", "--stable", data=diff.stdout).stdout).splitlines():
            pid, commit = line.split()
            result[commit] = pid
    return result


def numstats(repo, pairs):
    """{(base, tip): (added, deleted, unknown files)} from `git diff-tree -r --numstat --no-renames BASE TIP`; binary
    files count no lines. When a blob is absent (a partial clone) git cannot diff it: the files whose blobs are
    present are counted and the others reported as unknown."""
    result = {}
    for base, tip in pairs:
        out = git(repo, "diff-tree", "-r", "--numstat", "--no-renames", base, tip, check=False)
        unknown = 0
        if out.returncode != 0:
            raw = text(git(repo, "diff-tree", "-r", "-z", "--no-renames", base, tip).stdout).split("\0")
            entries = [(raw[i].split(" ")[2:4], raw[i + 1]) for i in range(0, len(raw) - 1, 2) if raw[i].startswith(":")]
            blobs = sorted({b for ids, _ in entries for b in ids if set(b) != {"0"}})
            have = text(git(repo, "cat-file", "--batch-check", data=("\n".join(blobs) + "\n").encode()).stdout).splitlines()
            missing = {line.split()[0] for line in have if line.endswith(" missing")}
            absent = [path for ids, path in entries if set(ids) & missing]
            unknown = len(absent)
            out = git(repo, "diff-tree", "-r", "--numstat", "--no-renames", base, tip, "--", "."
                      , *[":(exclude,literal)" + path for path in absent], check=False)
            if out.returncode != 0:
                result[(base, tip)] = None
                continue
        added = deleted = 0
        for line in text(out.stdout).splitlines():
            fields = line.split("\t")
            if len(fields) >= 3 and fields[0].isdigit() and fields[1].isdigit():
                added += int(fields[0]); deleted += int(fields[1])
        result[(base, tip)] = (added, deleted, unknown)
    return result


# ------------------------------------------------------------------------------------------------- the definitions

def merge_number(c):
    """GitHub, GitLab, Bitbucket and Azure DevOps merge messages."""
    m = re.match(r"Merge pull request #(\d+) from ", c.subject)
    if m and positive(m.group(1)):
        return ("github", int(m.group(1)))
    gl = gitlab_number(c.message)
    if gl:
        return ("gitlab", gl)
    m = re.match(r"Merged in .* \(pull request #(\d+)\)$", c.subject)
    if m and positive(m.group(1)):
        return ("bitbucket", int(m.group(1)))
    m = re.match(r"Merged PR (\d+):", c.subject)
    if m and positive(m.group(1)):
        return ("azure", int(m.group(1)))
    return None


def gitlab_number(message):
    """The number of the last line `See merge request GROUP/PROJECT!N` of a message."""
    found = None
    for line in message.split("\n"):
        line = line.strip()
        if line.startswith("See merge request "):
            rest = line[len("See merge request "):]
            if "!" in rest and positive(rest.rsplit("!", 1)[1]):
                found = int(rest.rsplit("!", 1)[1])
    return found


def squash_number(c):
    m = re.search(r"\(#(\d+)\)$", c.subject.rstrip(" "))
    if m and positive(m.group(1)):
        return ("github", int(m.group(1)))
    gl = gitlab_number(c.message)
    return ("gitlab", gl) if gl else None


def gerrit_number(c):
    if not c.reviewed_on:
        return None
    last = c.reviewed_on[-1].strip().rstrip("/").split("/")[-1]
    return ("gerrit", int(last)) if positive(last) else None


def compute(repo, as_of, stale_after, owner=None):
    head = text(git(repo, "rev-parse", "--verify", "HEAD^{commit}").stdout).strip()
    refs = read_heads(repo)
    readable = present(repo, sorted({h[2] for h in refs.values()}))
    unreadable = sorted(ref for ref, h in refs.items() if h[2] not in readable)
    heads = {ref: h[:3] for ref, h in refs.items() if h[2] in readable}
    commits = read_commits(repo, [head] + sorted({h[2] for h in heads.values()}))
    chain = text(git(repo, "rev-list", "--first-parent", head).stdout).split()
    chain.reverse()  # oldest first
    position = {c: i for i, c in enumerate(chain)}

    # Each chain commit's own commits: what it makes reachable that its first parent did not (^C^1 C^2 ...).
    landed_in = {}
    brought = {}
    for c in chain:
        landed_in[c] = c
        mine = [c]
        stack = list(commits[c].parents[1:])
        while stack:
            x = stack.pop()
            if x in landed_in:
                continue
            landed_in[x] = c
            mine.append(x)
            stack.extend(commits[x].parents)
        brought[c] = mine[1:]

    def own(tip):
        """Commits reachable from the tip and not from HEAD, and the HEAD commits they stand on."""
        seen, stack, base = set(), [tip], set()
        while stack:
            x = stack.pop()
            if x in seen:
                continue
            if x in landed_in:
                base.add(x)
                continue
            seen.add(x)
            stack.extend(commits[x].parents)
        return seen, base

    requests = {}
    by_number = collections.defaultdict(list)   # (host, n) -> chain ids carrying it (merge, squash, gerrit)
    change_ids = set()
    head_by_number = {(h[0], h[1]): ref for ref, h in heads.items()}
    tips_landed_by = collections.defaultdict(list)
    for ref, (host, n, tip) in heads.items():
        if tip in landed_in:
            tips_landed_by[landed_in[tip]].append((host, n))
    kinds = {}
    for c in chain:
        commit = commits[c]
        if len(commit.parents) >= 2:
            kind, number = "merge", merge_number(commit)
            if number is None and tips_landed_by.get(c):
                number = sorted(tips_landed_by[c])[0]
        else:
            number = squash_number(commit)
            if number:
                kind = "squash"
            elif commit.change_ids:
                kind, number = "gerrit", gerrit_number(commit)
                change_ids.update(commit.change_ids)
            else:
                kind = "direct"
                if tips_landed_by.get(c):
                    number = sorted(tips_landed_by[c])[0]
        kinds[c] = (kind, number)
        if number and kind != "direct":
            by_number[number].append(c)

    # A kept head gives its commits to one squash carrying its number. DEFINITIONS does not say which when several
    # do (a history imported from another repository reuses numbers): here the oldest that landed at or after the
    # head's newest commit (committer date), else the newest.
    squash_heads, shared_numbers = {}, []
    for number, ref in head_by_number.items():
        carriers = [c for c in by_number.get(number, []) if kinds[c][0] == "squash"]
        tip = heads[ref][2]
        if not carriers or tip in landed_in:
            continue
        mine, _ = own(tip)
        kept = [commits[x] for x in mine if len(commits[x].parents) < 2]
        if not kept:
            continue
        newest = max(commits[x].ct for x in mine)
        later = [c for c in carriers if commits[c].ct >= newest]
        chosen = min(later, key=lambda c: position[c]) if later else max(carriers, key=lambda c: position[c])
        squash_heads[chosen] = kept
        if len(by_number[number]) > 1:
            shared_numbers.append((ref, chosen))

    for c in chain:
        commit = commits[c]
        kind, number = kinds[c]
        if kind == "merge":
            members = [commits[x] for x in brought[c] if len(commits[x].parents) < 2]
            lander = (commit.an, commit.ae)
        else:
            members = squash_heads.get(c, [commit])
            lander = (commit.cn, commit.ce)
        requests[c] = dict(kind=kind, number=number, state="landed", members=members, lander=lander, landed=commit.ct,
                           squash_no_head=(kind == "squash" and c not in squash_heads), chain=c, tip=None)

    # Heads: landed by reachability, by a number a chain merge, squash or Gerrit change carries, else rebase or not.
    candidates = {}
    for ref, (host, n, tip) in sorted(heads.items()):
        if tip in landed_in or (host, n) in by_number:
            continue
        if host == "gerrit" and set(commits[tip].change_ids) & change_ids:
            continue
        mine, base = own(tip)
        candidates[ref] = (mine, base)

    # Rebase: every own non-merge commit has a direct chain commit by the same author, same author date, same patch.
    direct_by_author = collections.defaultdict(list)
    for c, r in requests.items():
        if r["kind"] == "direct":
            direct_by_author[(commits[c].ae.lower(), commits[c].at)].append(c)
    want, pairs = set(), {}
    for ref, (mine, _) in candidates.items():
        plain = [x for x in mine if len(commits[x].parents) < 2]
        options = {x: direct_by_author.get((commits[x].ae.lower(), commits[x].at), []) for x in plain}
        if plain and all(options.values()):
            pairs[ref] = options
            want.update(plain)
            for v in options.values():
                want.update(v)
    pids = patch_ids(repo, sorted(want)) if want else {}
    claimed = set()
    rebased, rebased_shared = set(), []
    for ref in sorted(pairs, key=lambda r: (heads[r][0], heads[r][1])):
        matched = []
        for x, options in pairs[ref].items():
            hit = [y for y in options if pids.get(y) and pids.get(y) == pids.get(x)]
            if not hit:
                break
            matched.append(max(hit, key=lambda y: position[y]))
        else:
            rebased.add(ref)
            chosen = sorted(set(matched), key=lambda y: (commits[y].ct, position[y]))
            if claimed & set(chosen):  # another head's request holds these chain commits
                rebased_shared.append(ref)
                continue
            claimed.update(chosen)
            landing = max(chosen, key=lambda y: position[y])  # the last applied: nearest HEAD
            for y in chosen:
                requests.pop(y, None)
            host, n, _ = heads[ref]
            requests[landing] = dict(kind="rebase", number=(host, n), state="landed", members=[commits[y] for y in chosen],
                                     lander=(commits[landing].cn, commits[landing].ce), landed=commits[landing].ct,
                                     squash_no_head=False, chain=landing, tip=None)

    # Heads that did not land.
    need = {}
    for ref, (mine, base) in candidates.items():
        if ref in rebased:
            continue
        newest = max(commits[x].ct for x in mine)
        state = "declined" if as_of - newest > stale_after * 86400 else "pending"
        base_id = newest_base(commits, base) if base else EMPTY_TREE
        need[ref] = (base_id, heads[ref][2])
        host, n, tip = heads[ref]
        requests[ref] = dict(kind="pull_request", number=(host, n), state=state,
                             members=[commits[x] for x in mine if len(commits[x].parents) < 2], lander=None, landed=None,
                             squash_no_head=False, chain=None, newest=newest, tip=tip)
    lines = numstats(repo, sorted(set(need.values())))
    mapped = check_mailmap(repo, sorted({v for r in requests.values() for m in r["members"] for v in m.coauthors}))
    partial = []
    for ref, pair in need.items():
        counted = lines[pair]
        requests[ref]["lines"] = counted[:2] if counted and not counted[2] else None
        if counted and counted[2]:
            partial.append((ref, counted[2]))

    rows = {}
    owner = owner or owner_team(commits, chain)
    for key, r in requests.items():
        members = sorted(r["members"], key=lambda m: (m.at, m.id))
        if members:
            first = members[0]
            proposer = (first.an, first.ae)
            opened = first.at
        else:  # a merge that brought in no non-merge commit, a head of merges only: the chain commit's or tip's author
            which = commits[r["chain"] or r["tip"]]
            proposer = (which.an, which.ae)
            opened = None
        if r["squash_no_head"] and members and members[0].at == members[0].ct:
            opened = None
        lander = r["lander"]
        platform = None if lander is None else is_platform(*lander)
        people = {m.ae.lower() for m in members} | {e for m in members for v in m.coauthors for e in [email_of(mapped.get(v, v))] if e}
        people = {p for p in people if not is_bot("", p)}
        co = [p for p in people if p != (proposer[1].lower() if proposer else None)]
        cross = any(team(p) not in (owner, "unaffiliated") for p in ([proposer[1]] if proposer else []) + co)
        if lander is None:
            landed_by = None
        elif platform:
            landed_by = "platform"
        elif proposer and lander[1].lower() == proposer[1].lower():
            landed_by = "self"
        elif team(lander[1]) == owner:
            landed_by = "owner"
        else:
            landed_by = "other"
        rows[key] = dict(kind=r["kind"], number=f"{r['number'][0]} {r['number'][1]}" if r["number"] else "", state=r["state"],
                         proposer=proposer[1].lower() if proposer else "", lander="" if lander is None or lander[1].lower() == "noreply@github.com" else lander[1].lower(),
                         platform=platform, commits=len(members), opened=iso(opened), landed=iso(r["landed"]),
                         lines=r.get("lines") if r["kind"] == "pull_request" else None, cross_team=cross, landed_by=landed_by,
                         proposer_is_bot=is_bot(*proposer) if proposer else False)
    return rows, dict(heads=len(refs), unreadable=unreadable, chain=len(chain), owner=owner, rebased=len(rebased),
                      rebased_shared=rebased_shared, partial=partial, shared_numbers=shared_numbers)


def email_of(value):
    """The lower-cased e-mail of `Name <email>` ("" for `Name <>`), or None when there are no brackets."""
    m = re.search(r"<([^<>]*)>\s*$", value)
    return m.group(1).strip().lower() if m else None


def newest_base(commits, base):
    """The newest of the commits a head stands on; on equal commit dates one that is not an ancestor of another
    (walked through commits of that date or later), then the smallest id."""
    newest = max(commits[b].ct for b in base)
    tied = {b for b in base if commits[b].ct == newest}
    hidden = set()
    for b in tied:
        seen, stack = {b}, list(commits[b].parents)
        while stack:
            x = stack.pop()
            if x in seen or x not in commits or commits[x].ct < newest:
                continue
            seen.add(x)
            if x in tied:
                hidden.add(x)
            stack.extend(commits[x].parents)
    return min(tied - hidden or tied)


def owner_team(commits, chain):
    """Informational only, when the tool's CSV names no owning team: the team with most chain commits."""
    counts = collections.Counter(team(commits[c].ae) for c in chain)
    counts.pop("unaffiliated", None)
    return counts.most_common(1)[0][0] if counts else None


# --------------------------------------------------------------------------------------------------- the tool's side

def run_tool(binary, repo, as_of, stale_after):
    out = tempfile.mkdtemp(prefix="crosscheck-cr-")
    command = [binary, "analyze", repo, "--out", out, "--as-of", as_of]
    help_text = subprocess.run([binary, "analyze", "--help"], capture_output=True, text=True).stdout
    if "--stale-after" in help_text:
        command += ["--stale-after", str(stale_after)]
    elif stale_after != 30:
        print(f"{binary} analyze has no --stale-after option: only the default, 30 days, can be compared", file=sys.stderr)
        sys.exit(2)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    rows = {}
    with open(os.path.join(out, "change_requests.csv"), newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            lander = row["lander"] or ""
            rows[row["change_request"]] = dict(
                kind=row["kind"], number=f"{row['host']} {row['number']}" if row["number"] else "", state=row["state"], proposer=email_of(row["proposer"]) if email_of(row["proposer"]) is not None else row["proposer"].lower(),
                lander=email_of(lander) if email_of(lander) is not None else lander.lower(), platform=(row["landed_by"] == "platform") if row["landed_by"] else None,
                commits=int(row["commits"]) if row["commits"] else 0, opened=iso(parse_time(row["opened"])),
                landed=iso(parse_time(row["landed"])),
                lines=(int(row["lines_added"]), int(row["lines_deleted"])) if row["kind"] == "pull_request" and row["lines_added"] else None,
                cross_team=row["cross_team"].lower() in ("true", "1", "yes"), landed_by=row["landed_by"] or None,
                owner_team=row["owner_team"], raw=row)
    return rows, out


# ------------------------------------------------------------------------------------------------------- comparing

def tally(rows):
    kinds = collections.Counter(r["kind"] for r in rows.values() if r["state"] == "landed")
    states = collections.Counter(r["state"] for r in rows.values())
    return ", ".join(f"{k} {kinds[k]}" for k in sorted(kinds)) + " | " + ", ".join(f"{s} {states[s]}" for s in sorted(states)) + f" | total {len(rows)}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo")
    parser.add_argument("--binary", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".build", "release", "innersource"))
    parser.add_argument("--as-of", default="2026-12-01T00:00:00Z")
    parser.add_argument("--stale-after", type=int, default=30, help="days (default 30)")
    parser.add_argument("--show", type=int, default=20, help="disagreements to print (default 20)")
    args = parser.parse_args()
    as_of = parse_time(args.as_of)
    tool, folder = run_tool(args.binary, args.repo, args.as_of, args.stale_after)
    owners = {r["owner_team"] for r in tool.values() if r["owner_team"]}
    # The owning team only matters to the informational fields: take the tool's, as it decides it.
    mine, info = compute(args.repo, as_of, args.stale_after, owner=owners.pop() if len(owners) == 1 else None)
    print(f"repository: {args.repo} (chain {info['chain']} commits, {info['heads']} request heads, "
          f"{len(info['unreadable'])} unreadable, {info['rebased']} landed by rebase); tool output in {folder}")
    if info["shared_numbers"]:
        print(f"heads kept for a squash whose number several chain commits carry (given to one squash, see compute): "
              + ", ".join(f"{ref} -> {c[:10]}" for ref, c in info["shared_numbers"][:10]) + (" ..." if len(info["shared_numbers"]) > 10 else ""))
    if info["rebased_shared"]:
        print(f"heads landed by rebase on chain commits a lower-numbered head's request already holds (no row of their own): "
              + ", ".join(info["rebased_shared"]))
    if info["partial"]:
        print(f"heads whose lines leave out files with an absent blob: " + ", ".join(f"{ref} ({n} files)" for ref, n in info["partial"]))
    print(f"tool:   {tally(tool)}")
    print(f"script: {tally(mine)}")
    keys = sorted(set(tool) | set(mine))
    only_tool = [k for k in keys if k not in mine]
    only_mine = [k for k in keys if k not in tool]
    both = [k for k in keys if k in tool and k in mine]
    differ = []
    field_counts = collections.Counter()
    for k in both:
        fields = [f for f in COMPARED if tool[k][f] != mine[k][f]]
        for f in fields:
            field_counts[f] += 1
        if fields:
            differ.append((k, fields))
    agree = len(both) - len(differ)
    print(f"rows: tool {len(tool)}, script {len(mine)}, in both {len(both)}, only tool {len(only_tool)}, only script {len(only_mine)}")
    print(f"agree on every compared field: {agree} of {len(keys)}" + (f"; differing fields: " + ", ".join(f"{f} {n}" for f, n in field_counts.most_common()) if field_counts else ""))
    cross = sum(1 for k in both if tool[k]["cross_team"] == mine[k]["cross_team"])
    by = sum(1 for k in both if tool[k]["landed_by"] == mine[k]["landed_by"])
    print(f"informational: cross_team agrees on {cross} of {len(both)}, landed_by (owner/self/platform/other) on {by} of {len(both)}")
    shown = 0
    for k in only_tool:
        if shown >= args.show:
            break
        print(f"  only tool:   {k}: " + ", ".join(f"{f}={tool[k][f]}" for f in COMPARED)); shown += 1
    for k in only_mine:
        if shown >= args.show:
            break
        print(f"  only script: {k}: " + ", ".join(f"{f}={mine[k][f]}" for f in COMPARED)); shown += 1
    for k, fields in differ:
        if shown >= args.show:
            break
        print(f"  differs: {k} ({tool[k]['kind']}/{mine[k]['kind']}): " + "; ".join(f"{f} tool={tool[k][f]!r} script={mine[k][f]!r}" for f in fields)); shown += 1
    ok = not only_tool and not only_mine and not differ
    print("agreement: " + ("complete" if ok else "INCOMPLETE"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
