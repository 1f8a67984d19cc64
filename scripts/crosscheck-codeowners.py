#!/usr/bin/env python3
"""Which CODEOWNERS rule owns each path, by the `codeowners` package on PyPI (a port of hmarr/codeowners,
which follows GitHub's rules): the independent implementation the tool's matcher is checked against.

    crosscheck-codeowners.py CASES.json

CASES.json is a list of {"text": CODEOWNERS text, "paths": [path, ...]}. Prints a JSON list of lists: for
each case, for each path, the 1-based line of the last matching rule, or null when no rule matches. Exits
3 when `codeowners` is not installed. Used by Tests/InnerSourceTests/CodeOwnersMatcherTests.swift.
"""
import json
import sys

try:
    from codeowners import CodeOwners
except ImportError as error:
    print(f"codeowners is not installed: {error}", file=sys.stderr)
    sys.exit(3)


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        cases = json.load(handle)
    answers = []
    for case in cases:
        owners = CodeOwners(case["text"])
        answers.append([owners.matching_line(path)[1] for path in case["paths"]])
    json.dump(answers, sys.stdout)


if __name__ == "__main__":
    main()
