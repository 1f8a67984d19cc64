#!/usr/bin/env bash
# Builds small repositories that show every change-request convention of docs/DEFINITIONS.md, for
# scripts/crosscheck-change-requests.py (analysed with --as-of 2026-12-01T00:00:00Z):
#   OUT/github  GitHub merges (web-flow committer), squashes with and without their head, a rebased pull
#               request, a fast-forwarded head, an unnumbered merge that brings a head in, heads that did not
#               land (pending, declined, one 30.5 days old), a bot's squash, a bot merge, a .mailmap, a number
#               an imported history used before, two rebased heads sharing a commit
#   OUT/gitlab  GitLab merge and squash commits (`See merge request group/project!N`), merge-request heads,
#               and Bitbucket's and Azure DevOps' merge messages
#   OUT/gerrit  Gerrit changes (`Change-Id`, `Reviewed-on`), patch sets under refs/changes
#
#     scripts/make-change-request-fixtures.sh OUT
set -euo pipefail
out=${1:?usage: $0 OUT}
mkdir -p "$out"
out=$(cd "$out" && pwd)
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_COMMITTER_NAME=Fixture GIT_COMMITTER_EMAIL=fixture@owner.example GIT_AUTHOR_NAME=Fixture GIT_AUTHOR_EMAIL=fixture@owner.example

T=1767225600  # 2026-01-01T00:00:00Z
at() { echo "@$((T + $1 * 3600)) +0000"; }
# commit AUTHOR_NAME AUTHOR_EMAIL AUTHOR_HOUR COMMITTER_NAME COMMITTER_EMAIL COMMIT_HOUR MESSAGE [FILE]
n=0
commit() {
  n=$((n + 1))
  local file=${8:-file-$n.txt}
  echo "$7 $n" >> "$file"
  git add -A
  GIT_AUTHOR_NAME=$1 GIT_AUTHOR_EMAIL=$2 GIT_AUTHOR_DATE=$(at $3) \
  GIT_COMMITTER_NAME=$4 GIT_COMMITTER_EMAIL=$5 GIT_COMMITTER_DATE=$(at $6) git commit -q -m "$7"
}
# merge AUTHOR_NAME AUTHOR_EMAIL HOUR COMMITTER_NAME COMMITTER_EMAIL MESSAGE BRANCH
merge() {
  GIT_AUTHOR_NAME=$1 GIT_AUTHOR_EMAIL=$2 GIT_AUTHOR_DATE=$(at $3) \
  GIT_COMMITTER_NAME=$4 GIT_COMMITTER_EMAIL=$5 GIT_COMMITTER_DATE=$(at $3) git merge -q --no-ff -m "$6" "$7"
}
new() { rm -rf "$out/$1"; git init -q -b main "$out/$1"; cd "$out/$1"; }

# ------------------------------------------------------------------ GitHub
new github
commit Alice alice@owner.example 0 Alice alice@owner.example 0 "Initial commit" README
printf 'Bob Builder <bob@other.example> <bob@old.example>\n' > .mailmap
commit Alice alice@owner.example 1 Alice alice@owner.example 1 "Add mailmap" .mailmap
# an imported history's squash that reuses number 14 (this repository's own #14 lands later)
commit Quentin quentin@imported.example 1 GitHub noreply@github.com 1 "Old change (#14)"
# #1: a merge through the button; Bob's commits under his old address (the .mailmap maps it)
git checkout -q -b feature1
commit Bob bob@old.example 2 Bob bob@old.example 2 "Feature one, part 1"
commit Bob bob@old.example 3 Bob bob@old.example 3 "Feature one, part 2"
git update-ref refs/pull/1/head HEAD
git checkout -q main
merge Carol carol@owner.example 5 GitHub noreply@github.com "Merge pull request #1 from bob/feature1

Feature one" feature1
# #2: a squash with its head kept (three commits by Dave)
git checkout -q -b feature2 main
commit Dave dave@other.example 6 Dave dave@other.example 6 "Two a"
commit Dave dave@other.example 7 Dave dave@other.example 7 "Two b"
commit Erin erin@third.example 8 Erin erin@third.example 8 "Two c"
git update-ref refs/pull/2/head HEAD
git checkout -q main
git merge -q --squash feature2
GIT_AUTHOR_NAME=Dave GIT_AUTHOR_EMAIL=dave@other.example GIT_AUTHOR_DATE=$(at 9) \
GIT_COMMITTER_NAME=GitHub GIT_COMMITTER_EMAIL=noreply@github.com GIT_COMMITTER_DATE=$(at 9) git commit -q -m "Add feature two (#2)"
# #5: a squash without its head, author date = commit date (the platform wrote both)
commit Frank frank@other.example 10 GitHub noreply@github.com 10 "Fix a typo (#5)"
# #6: a squash, no head, authored earlier than it landed, landed by a maintainer
commit Grace grace@gmail.com 11 Alice alice@owner.example 12 "Improve docs (#6)  "
# #3: a rebased pull request: its commits replayed on main keep author and author date
git checkout -q -b feature3 main~1
commit Heidi heidi@other.example 13 Heidi heidi@other.example 13 "Three a" three-a.txt
commit Heidi heidi@other.example 14 Heidi heidi@other.example 14 "Three b" three-b.txt
git update-ref refs/pull/3/head HEAD
git checkout -q main
for c in $(git rev-list --reverse feature3 ^main); do
  GIT_COMMITTER_NAME=Alice GIT_COMMITTER_EMAIL=alice@owner.example GIT_COMMITTER_DATE=$(at 15) git cherry-pick $c >/dev/null
done
# #8: a head fast-forwarded onto main (its commit is on the chain)
commit Ivan ivan@other.example 16 Ivan ivan@other.example 16 "Fast-forwarded change"
git update-ref refs/pull/8/head HEAD
# #7: an unnumbered merge that brings head 7 in
git checkout -q -b feature7 main
commit Judy judy@other.example 17 Judy judy@other.example 17 "Seven"
git update-ref refs/pull/7/head HEAD
git checkout -q main
merge Alice alice@owner.example 18 Alice alice@owner.example "Merge branch 'feature7'" feature7
# a direct push, a bot's squash with web-flow
commit Alice alice@owner.example 19 Alice alice@owner.example 19 "Direct push"
commit 'dependabot[bot]' 49699333+dependabot[bot]@users.noreply.github.com 20 GitHub noreply@github.com 20 "Bump lib from 1 to 2 (#9)"
# #10: a merge whose author is a merge queue bot
git checkout -q -b feature10 main
commit Mallory mallory@other.example 21 Mallory mallory@other.example 21 "Ten"
git update-ref refs/pull/10/head HEAD
git checkout -q main
merge 'mergify[bot]' 'mergify[bot]@users.noreply.github.com' 22 GitHub noreply@github.com "Merge pull request #10 from mallory/ten" feature10
# #4: did not land, recent (pending); #11: did not land, old (declined), based on an older main commit
git checkout -q -b feature4 main
commit Niaj niaj@other.example 100 Niaj niaj@other.example 100 "Four a" four.txt
echo "more" >> four.txt; git add four.txt
GIT_AUTHOR_NAME=Niaj GIT_AUTHOR_EMAIL=niaj@other.example GIT_AUTHOR_DATE="2026-11-20T10:00:00Z" \
GIT_COMMITTER_NAME=Niaj GIT_COMMITTER_EMAIL=niaj@other.example GIT_COMMITTER_DATE="2026-11-20T10:00:00Z" git commit -q -m "Four b"
git update-ref refs/pull/4/head HEAD
git checkout -q -b feature11 main~3
commit Olivia olivia@other.example 30 Olivia olivia@other.example 30 "Eleven" eleven.txt
printf 'x\ny\n' > eleven-2.txt; git add eleven-2.txt
GIT_AUTHOR_NAME=Olivia GIT_AUTHOR_EMAIL=olivia@other.example GIT_AUTHOR_DATE=$(at 31) \
GIT_COMMITTER_NAME=Olivia GIT_COMMITTER_EMAIL=olivia@other.example GIT_COMMITTER_DATE=$(at 31) git commit -q -m "Eleven more"
git update-ref refs/pull/11/head HEAD
git update-ref refs/pull/11/merge HEAD
git checkout -q main
# #12: a pull request rebased with a rewritten author date: not recognised, so it did not land
git checkout -q -b feature12 main
commit Peggy peggy@other.example 40 Peggy peggy@other.example 40 "Twelve" twelve.txt
git update-ref refs/pull/12/head HEAD
git checkout -q main
git cherry-pick feature12 >/dev/null
GIT_COMMITTER_NAME=Alice GIT_COMMITTER_EMAIL=alice@owner.example GIT_COMMITTER_DATE=$(at 42) \
  git commit -q --amend --no-edit --author "Peggy <peggy@other.example>" --date "$(at 42)"
# #14: squashed with its head kept, after the imported "(#14)"
git checkout -q -b feature14 main
commit Rupert rupert@other.example 50 Rupert rupert@other.example 50 "Fourteen a" fourteen.txt
commit Rupert rupert@other.example 51 Rupert rupert@other.example 51 "Fourteen b" fourteen.txt
git update-ref refs/pull/14/head HEAD
git checkout -q main
git merge -q --squash feature14
GIT_AUTHOR_NAME=Rupert GIT_AUTHOR_EMAIL=rupert@other.example GIT_AUTHOR_DATE=$(at 52) \
GIT_COMMITTER_NAME=GitHub GIT_COMMITTER_EMAIL=noreply@github.com GIT_COMMITTER_DATE=$(at 52) git commit -q -m "Add fourteen (#14)"
# #15 and #16 share a commit (#16 adds one); the two commits are rebased onto main
git checkout -q -b feature15 main
commit Sybil sybil@other.example 53 Sybil sybil@other.example 53 "Shared" shared.txt
git update-ref refs/pull/15/head HEAD
commit Sybil sybil@other.example 54 Sybil sybil@other.example 54 "Sixteen only" sixteen.txt
git update-ref refs/pull/16/head HEAD
git checkout -q main
for c in $(git rev-list --reverse feature15 ^main); do
  GIT_COMMITTER_NAME=Alice GIT_COMMITTER_EMAIL=alice@owner.example GIT_COMMITTER_DATE=$(at 55) git cherry-pick $c >/dev/null
done
# #13: did not land, its newest commit 30.5 days before the as-of (older than 30 days)
git checkout -q -b feature13 main
echo thirteen > thirteen.txt; git add thirteen.txt
GIT_AUTHOR_NAME=Trent GIT_AUTHOR_EMAIL=trent@other.example GIT_AUTHOR_DATE="2026-10-31T12:00:00Z" \
GIT_COMMITTER_NAME=Trent GIT_COMMITTER_EMAIL=trent@other.example GIT_COMMITTER_DATE="2026-10-31T12:00:00Z" git commit -q -m "Thirteen"
git update-ref refs/pull/13/head HEAD
git checkout -q main
git branch -q -D feature1 feature2 feature3 feature4 feature7 feature10 feature11 feature12 feature13 feature14 feature15

# ------------------------------------------------------------------ GitLab
new gitlab
commit Alice alice@owner.example 0 Alice alice@owner.example 0 "Initial commit" README
git checkout -q -b mr1
commit Bob bob@other.example 1 Bob bob@other.example 1 "Add widget"
commit Bob bob@other.example 2 Bob bob@other.example 2 "Test widget"
git update-ref refs/merge-requests/1/head HEAD
git checkout -q main
merge Carol carol@owner.example 3 Carol carol@owner.example "Merge branch 'mr1' into 'main'

Add widget

See merge request group/project!1" mr1
# !2: squashed, its head kept
git checkout -q -b mr2
commit Dave dave@other.example 4 Dave dave@other.example 4 "Gadget a"
commit Dave dave@other.example 5 Dave dave@other.example 5 "Gadget b"
git update-ref refs/merge-requests/2/head HEAD
git checkout -q main
git merge -q --squash mr2
GIT_AUTHOR_NAME=Dave GIT_AUTHOR_EMAIL=dave@other.example GIT_AUTHOR_DATE=$(at 6) \
GIT_COMMITTER_NAME=Carol GIT_COMMITTER_EMAIL=carol@owner.example GIT_COMMITTER_DATE=$(at 6) git commit -q -m "Add gadget

See merge request group/sub/project!2"
# !3: did not land
git checkout -q -b mr3
commit Erin erin@third.example 7 Erin erin@third.example 7 "Gizmo" gizmo.txt
git update-ref refs/merge-requests/3/head HEAD
git checkout -q main
commit Alice alice@owner.example 8 Alice alice@owner.example 8 "Direct change"
# Bitbucket's and Azure DevOps' merge messages (no heads kept for them)
git checkout -q -b bb
commit Frank frank@other.example 9 Frank frank@other.example 9 "Bitbucket change"
git checkout -q main
merge Carol carol@owner.example 10 Carol carol@owner.example "Merged in feature/bb (pull request #20)" bb
git checkout -q -b az
commit Grace grace@other.example 11 Grace grace@other.example 11 "Azure change"
git checkout -q main
merge Carol carol@owner.example 12 Carol carol@owner.example "Merged PR 21: Azure change" az
git branch -q -D mr1 mr2 mr3 bb az

# ------------------------------------------------------------------ Gerrit
new gerrit
commit Alice alice@owner.example 0 Alice alice@owner.example 0 "Initial commit" README
# change 123: patch set 1, then 2 (amended); 2 landed with the Change-Id (a cherry-pick with a new committer)
git checkout -q -b ps
commit Bob bob@other.example 1 Bob bob@other.example 1 "Add feature

Change-Id: I1111111111111111111111111111111111111111" feature.txt
git update-ref refs/changes/23/123/1 HEAD
echo again >> feature.txt; git add feature.txt
GIT_AUTHOR_NAME=Bob GIT_AUTHOR_EMAIL=bob@other.example GIT_AUTHOR_DATE=$(at 1) \
GIT_COMMITTER_NAME=Bob GIT_COMMITTER_EMAIL=bob@other.example GIT_COMMITTER_DATE=$(at 2) git commit -q --amend -m "Add feature

Change-Id: I1111111111111111111111111111111111111111"
git update-ref refs/changes/23/123/2 HEAD
git checkout -q main
git cherry-pick ps >/dev/null
GIT_COMMITTER_NAME=Carol GIT_COMMITTER_EMAIL=carol@owner.example GIT_COMMITTER_DATE=$(at 3) git commit -q --amend -m "Add feature

Change-Id: I1111111111111111111111111111111111111111
Reviewed-on: https://review.example.org/c/p/+/123
Reviewed-by: Carol <carol@owner.example>"
# change 124 landed; its patch set is not kept
commit Dave dave@other.example 4 Carol carol@owner.example 5 "Fix bug

Change-Id: I2222222222222222222222222222222222222222
Reviewed-on: https://review.example.org/124/
Reviewed-by: Carol <carol@owner.example>"
# change 345: did not land (patch sets 1 and 2; 2 is the head)
git checkout -q -b ps345
commit Erin erin@third.example 6 Erin erin@third.example 6 "Experiment

Change-Id: I3333333333333333333333333333333333333333" experiment.txt
git update-ref refs/changes/45/345/1 HEAD
echo two >> experiment.txt; git add experiment.txt
GIT_AUTHOR_NAME=Erin GIT_AUTHOR_EMAIL=erin@third.example GIT_AUTHOR_DATE=$(at 6) \
GIT_COMMITTER_NAME=Erin GIT_COMMITTER_EMAIL=erin@third.example GIT_COMMITTER_DATE=$(at 7) git commit -q --amend -m "Experiment

Change-Id: I3333333333333333333333333333333333333333"
git update-ref refs/changes/45/345/2 HEAD
git update-ref refs/changes/45/345/meta HEAD
git checkout -q main
# change 456: its patch set is not on main, but a chain commit carries its Change-Id (no Reviewed-on)
git checkout -q -b ps456
commit Frank frank@other.example 8 Frank frank@other.example 8 "Local change, patch set 1

Change-Id: I4444444444444444444444444444444444444444" local.txt
git update-ref refs/changes/56/456/1 HEAD
git checkout -q main
# a Change-Id without Reviewed-on, and a direct push
commit Frank frank@other.example 8 Frank frank@other.example 8 "Local change

Change-Id: I4444444444444444444444444444444444444444"
commit Alice alice@owner.example 9 Alice alice@owner.example 9 "Direct change"
git branch -q -D ps ps345 ps456
echo "fixtures in $out: github gitlab gerrit"
