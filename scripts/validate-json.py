#!/usr/bin/env python3
"""Validates JSON documents against a JSON Schema (draft 2020-12).

    validate-json.py SCHEMA DOCUMENT [DOCUMENT ...]

Prints every error as `DOCUMENT: $.json.path: message` and exits 1 when any document is invalid,
2 when the schema itself is invalid or a file cannot be read, 3 when `jsonschema` is not installed,
0 when every document is valid. A schema may refer to the other `*.schema.json` files of its folder by
their `$id` (facts.schema.json reuses summary.schema.json's definitions). Used by
Tests/InnerSourceTests/SchemaTests.swift.
"""
import glob
import json
import os
import sys

sys.stdout.reconfigure(encoding="utf-8", errors="backslashreplace")
sys.stderr.reconfigure(encoding="utf-8", errors="backslashreplace")

try:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError
except ImportError as error:
    print(f"jsonschema is not installed: {error}", file=sys.stderr)
    sys.exit(3)


def path_of(error):
    """`$.repositories[0].commits`, also for jsonschema releases without `json_path`."""
    text = "$"
    for part in error.absolute_path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def make_validator(schema, folder):
    """A validator that resolves references to the schemas beside this one, offline."""
    neighbours = []
    for name in sorted(glob.glob(os.path.join(folder, "*.schema.json"))):
        with open(name, encoding="utf-8") as file:
            neighbours.append(json.load(file))
    try:
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012
    except ImportError:
        from jsonschema import RefResolver
        store = {other["$id"]: other for other in neighbours if "$id" in other}
        return Draft202012Validator(schema, resolver=RefResolver.from_schema(schema, store=store))
    registry = Registry().with_resources(
        (other["$id"], Resource.from_contents(other, default_specification=DRAFT202012))
        for other in neighbours if "$id" in other)
    return Draft202012Validator(schema, registry=registry)


def main(arguments):
    if len(arguments) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        with open(arguments[0], encoding="utf-8") as file:
            schema = json.load(file)
        Draft202012Validator.check_schema(schema)
    except (OSError, ValueError, SchemaError) as error:
        print(f"{arguments[0]}: invalid schema: {error}", file=sys.stderr)
        return 2
    validator = make_validator(schema, os.path.dirname(os.path.abspath(arguments[0])))
    status = 0
    for name in arguments[1:]:
        try:
            with open(name, encoding="utf-8") as file:
                document = json.load(file)
        except (OSError, ValueError) as error:
            print(f"{name}: cannot read: {error}")
            status = max(status, 2)
            continue
        errors = sorted(validator.iter_errors(document), key=lambda e: (list(map(str, e.absolute_path)), e.message))
        for error in errors:
            print(f"{name}: {path_of(error)}: {error.message}")
        if errors:
            status = max(status, 1)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
