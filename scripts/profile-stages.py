#!/usr/bin/env python3
"""Where `innersource analyze` spends its time, by stage: one `perf record` (DWARF call graphs, sampling the
CPU clock, so it works where hardware counters do not) of `innersource analyze REPO --format json`, read back
with `perf report`, and one row per stage with the share of all samples spent in it (inclusive: a stage's
callees count for it) and the seconds of CPU that share is.

    scripts/profile-stages.py REPO [--innersource BIN] [--frequency HZ] [--keep FILE] [--markdown]

Stages are recognised by the symbols of the innersource binary (Swift symbol names are mangled, so each
stage is a pattern of the names it contains) and zlib by its library. Shares of nested stages overlap (tree
compare includes blob diffs), and work on worker threads (the history read, the heads' lines) is not under
`Analyzer.analyze`'s frames; libgit2 frames perf cannot unwind are counted only by library. Needs Debian's linux-perf. Exit status 2 for bad arguments,
1 when perf or the analysis fails.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

# (stage, pattern over the mangled symbol). Nested stages overlap by design; order is the table's order.
STAGES = [
    ("whole analysis (Analyzer.analyze)", r"8Analyzer[OC]7analyze_"),
    ("history read (walk, trees, blobs: HistoryReader.read)", r"13HistoryReaderO4read12repositoryAt"),
    ("  walk (HistoryWalk)", r"11HistoryWalk"),
    ("tree compare, history and heads (CommitReader.compare)", r"12CommitReaderC7compare"),
    ("blob diffs and line counts, history and heads (CommitReader.lines)", r"12CommitReaderC5lines"),
    ("blob reads, history and heads (CommitReader.content)", r"12CommitReaderC7content"),
    ("attribution (Attributor.attribute)", r"10AttributorV9attribute_"),
    ("truck factor (AuthorshipTally)", r"15AuthorshipTally"),
    ("change requests (Analyzer.reconstructChangeRequests)", r"25reconstructChangeRequests"),
    ("  heads' own commits (ProposalReading.commits)", r"15ProposalReadingO7commits"),
    ("  lines of heads that did not land (HistoryReader.lineChanges)", r"13HistoryReaderO10countLines|13HistoryReaderO11lineChanges"),
    ("  patch ids (ProposalReading.patchIDs)", r"15ProposalReadingO8patchIDs"),
    ("  reconstruction (ChangeRequestGraph)", r"18ChangeRequestGraphV"),
    ("components (ComponentTouch, componentFigures)", r"14ComponentTouch|componentFigures|15ComponentLookup"),
    ("hygiene (Hygiene.assess)", r"7HygieneO6assess"),
    ("JSON and other output (JSONEncoder, writers)", r"13__JSONEncoder|12OutputWriter|9OutputSet|10AnalyzeRunner.*print|13SummaryOutput"),
]


def run(command, **kwargs):
    return subprocess.run(command, check=False, **kwargs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo")
    parser.add_argument("--innersource", default=os.path.join(os.path.dirname(__file__), "..", ".build", "release", "innersource"))
    parser.add_argument("--frequency", type=int, default=200)
    parser.add_argument("--keep", help="keep perf's data file here")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    options = parser.parse_args()
    if not os.path.isdir(options.repo):
        print(f"profile-stages: no such repository folder: {options.repo}", file=sys.stderr)
        return 2
    if not os.access(options.innersource, os.X_OK):
        print(f"profile-stages: not an executable: {options.innersource} (build with `swift build -c release`)", file=sys.stderr)
        return 2
    data = options.keep or tempfile.mktemp(prefix="innersource-perf-", suffix=".data")
    out = tempfile.mkdtemp(prefix="innersource-profile-")
    start = time.monotonic()
    record = run(["perf", "record", "-q", "-F", str(options.frequency), "--call-graph", "dwarf,16384", "-o", data,
                  options.innersource, "analyze", options.repo, "--format", "json"],
                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - start
    if record.returncode != 0:
        print(f"profile-stages: perf record failed ({record.returncode}): {record.stderr.strip()[-400:]}", file=sys.stderr)
        return 1
    report = run(["perf", "report", "-i", data, "--children", "--sort", "sym", "-g", "none", "--stdio"],
                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    dsos = run(["perf", "report", "-i", data, "--no-children", "--sort", "dso", "-g", "none", "--stdio"],
               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    header = run(["perf", "report", "-i", data, "--header-only"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    if not options.keep:
        os.unlink(data)
    # The cpu-clock event counts nanoseconds of CPU.
    nanoseconds = 0
    for line in report.stdout.splitlines():
        found = re.match(r"# Event count \(approx\.\): (\d+)", line)
        if found:
            nanoseconds = int(found.group(1))
    rows = []
    for line in report.stdout.splitlines():
        found = re.match(r"\s*([\d.]+)%\s+([\d.]+)%\s+\[[.k]\]\s+(\S+)", line)
        if found:
            rows.append((float(found.group(1)), found.group(3)))
    cpu_seconds = nanoseconds / 1e9
    table = []
    for stage, pattern in STAGES:
        regex = re.compile(pattern)
        share = max((children for children, symbol in rows if regex.search(symbol)), default=0.0)
        table.append((stage, share))
    zlib = 0.0
    for line in dsos.stdout.splitlines():
        found = re.match(r"\s*([\d.]+)%\s+(\S+)", line)
        if found and found.group(2).startswith("libz."):
            zlib = float(found.group(1))
    table.append(("zlib (inflate, its own samples in libz)", zlib))
    libgit2 = next((float(m.group(1)) for m in (re.match(r"\s*([\d.]+)%\s+(\S+)", l) for l in dsos.stdout.splitlines())
                    if m and m.group(2).startswith("libgit2")), 0.0)
    table.append(("libgit2 (its own samples)", libgit2))
    print(f"repository: {options.repo}; {cpu_seconds:.2f} s of CPU sampled at {options.frequency} Hz; wall {wall:.2f} s under perf")
    if options.markdown:
        print("| stage | share of CPU samples | CPU seconds |")
        print("| --- | --- | --- |")
        for stage, share in table:
            print(f"| {stage.strip()} | {share:.1f} % | {cpu_seconds * share / 100:.2f} |")
    else:
        for stage, share in table:
            print(f"{stage:<72} {share:6.1f} %  {cpu_seconds * share / 100:7.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
