#!/usr/bin/env python3
"""Compares every table of an innersource.sqlite database with the same table in a PostgreSQL database,
row for row, read by independent clients: Python's sqlite3 and PostgreSQL's psql.

    scripts/compare-postgres-sqlite.py DATABASE.sqlite POSTGRES_URL

Both sides are rendered as text the same way (NULL as \\N, booleans as 1/0, numbers as Python reads them)
and sorted. Prints one line per table (`table: N rows agree`) and every difference; exit status 0 when
every table agrees and PostgreSQL has each table, 1 otherwise."""
import csv, io, sqlite3, subprocess, sys


def psql(url, sql):
    out = subprocess.run(["psql", url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True,
                         capture_output=True, text=True).stdout
    return list(csv.reader(io.StringIO(out)))


def render(value, kind):
    if value is None:
        return "\\N"
    if kind == "bool":
        return "1" if value in (1, True, "t") else "0"
    if kind == "num":
        number = float(value)
        return repr(int(number)) if number == int(number) else repr(number)
    return str(value)


def main():
    sqlite_path, url = sys.argv[1], sys.argv[2]
    db = sqlite3.connect("file:" + sqlite_path + "?mode=ro", uri=True)
    failures = 0
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"):
        columns = [row[1] for row in db.execute(f'PRAGMA table_info("{table}")')]
        types = psql(url, "COPY (SELECT column_name, data_type FROM information_schema.columns "
                          f"WHERE table_name = '{table}') TO STDOUT WITH CSV")
        pg_types = {name: kind for name, kind in types}
        missing = [c for c in columns if c not in pg_types]
        if missing:
            print(f"{table}: PostgreSQL lacks {missing}")
            failures += 1
            continue
        kinds = ["bool" if pg_types[c] == "boolean" else "num" if pg_types[c] in ("bigint", "double precision") else "text"
                 for c in columns]
        quoted = ", ".join(f'"{c}"' for c in columns)
        lite = sorted(tuple(render(v, k) for v, k in zip(row, kinds)) for row in db.execute(f'SELECT {quoted} FROM "{table}"'))
        rows = psql(url, f"COPY (SELECT {quoted} FROM \"{table}\") TO STDOUT WITH (FORMAT csv, NULL '\\N')")
        pg = sorted(tuple(render(None if v == "\\N" else v, k) for v, k in zip(row, kinds)) for row in rows)
        if lite == pg:
            print(f"{table}: {len(lite)} rows agree")
        else:
            failures += 1
            only_lite = [r for r in lite if r not in pg][:5]
            only_pg = [r for r in pg if r not in lite][:5]
            print(f"{table}: {len(lite)} rows in SQLite, {len(pg)} in PostgreSQL; only in SQLite {only_lite}; only in PostgreSQL {only_pg}")
    sys.exit(1 if failures else 0)


main()
