#!/usr/bin/env python3
"""Runs every query of a Grafana dashboard against a real database, after expanding Grafana's variables and
macros the way Grafana does for the dashboard's data source:

    scripts/check-grafana-dashboard.py DASHBOARD.json --sqlite DATABASE.sqlite --from ISO --to ISO
    scripts/check-grafana-dashboard.py DASHBOARD.json --postgres URL --from ISO --to ISO

The data source is the dashboard's own (`frser-sqlite-datasource` or `grafana-postgresql-datasource`), and
the query of a target is its `rawQueryText` (SQLite plugin) or `rawSql` (PostgreSQL). The steps are
Grafana's, in its order:

1. Template variables (Grafana's frontend, templateSrv): `$name`, `${name}`, `${name:format}` and
   `[[name]]`. Query variables are resolved first, in the order the dashboard lists them, each query
   expanded with the variables before it; a multi-value variable set to "All" (without a custom all value)
   stands for every value its query returned. Formats: `sqlstring` ('a','b', quotes doubled),
   `singlequote`, `doublequote`, `csv`, `raw`, and without a format the data source's default: PostgreSQL
   quotes a multi-value or All variable like `sqlstring` and leaves a single value as it is; the SQLite
   plugin has no format of its own, so Grafana's default applies (several values as `{a,b}`). The global
   `$__from` / `$__to` are the time range's ends in milliseconds since the epoch (`${__from:date:seconds}`
   in seconds, `${__from:date:iso}` ISO 8601).
2. Macros (the data source's backend): PostgreSQL's `$__time`, `$__timeEpoch`, `$__timeFilter`,
   `$__timeFrom`, `$__timeTo`, `$__timeGroup`, `$__timeGroupAlias`, `$__unixEpochFilter`, matched as
   Grafana matches them (`$name(args)`, arguments without a closing parenthesis; an unknown macro is an
   error); the SQLite plugin's only macro, `$__unixEpochGroupSeconds(column, seconds)`, any other `$__x(...)`
   left as written.

Each query then runs on the database (Python's sqlite3, read-only; psql for PostgreSQL) twice: with every
variable on "All", where it must return at least one row with a value (unless `--allow-empty`), and with
every variable on its first value, where it must run. A time-series panel must return a `time` column, in
order. Prints one line per query; exit status 0 when every query passed, 1 otherwise (each failure named
with its panel and the SQL as it ran).

`--results FILE` writes every query's rows as JSON ({"panel title (all|first)": [[cells]]}), normalised so
that the two dialects compare: times as UTC ISO 8601 (`2024-01-01T00:00:00Z`), numbers as the text of a float
rounded to six decimals (`2.0`, `0.666667`), NULL as null.

    scripts/check-grafana-dashboard.py --expand sqlite|postgres --from ISO --to ISO SQL

prints SQL as the data source would run it (time macros and globals only), or the error Grafana would give."""
import argparse, csv, datetime, io, json, re, sqlite3, subprocess, sys

VARIABLE = re.compile(r"\$(\w+)|\$\{(\w+)(?::([^}]+))?\}|\[\[(\w+)(?::(\w+))?\]\]")
MACRO = re.compile(r"\$(__[_a-zA-Z0-9]+)\(([^\)]*)\)")


class Failure(Exception):
    pass


def quote(value, mark="'"):
    return mark + str(value).replace(mark, mark + mark) + mark


class Expander:
    """Grafana's template variables and the data source's macros, for one time range."""

    def __init__(self, kind, start, end):
        self.kind, self.start, self.end = kind, start, end
        self.values = {}      # variable -> the values it stands for
        self.multi = {}       # variable -> whether it is multi-value or All

    def milliseconds(self, moment):
        return int(moment.timestamp() * 1000)

    def format(self, name, values, form):
        several = self.multi.get(name, False)
        if form in ("sqlstring",):
            return ",".join(quote(v) for v in values)
        if form == "singlequote":
            return ",".join(quote(v) for v in values)
        if form == "doublequote":
            return ",".join(quote(v, '"') for v in values)
        if form == "csv":
            return ",".join(str(v) for v in values)
        if form == "raw":
            return ",".join(str(v) for v in values)
        if form is not None:
            raise Failure(f"variable format {form!r} of ${name} is not one this checker knows")
        if self.kind == "postgres":
            return ",".join(quote(v) for v in values) if several else str(values[0])
        # Grafana's default format (glob) for a data source without one of its own.
        return ("{" + ",".join(str(v) for v in values) + "}") if len(values) > 1 else str(values[0])

    def global_variable(self, name, form):
        moment = {"__from": self.start, "__to": self.end}.get(name)
        if moment is None:
            return None
        if form in (None, "date:milliseconds"):
            return str(self.milliseconds(moment))
        if form == "date:seconds":
            return str(self.milliseconds(moment) // 1000)
        if form in ("date", "date:iso"):
            return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        raise Failure(f"format {form!r} of ${name} is not one this checker knows")

    def variables(self, sql):
        def replace(match):
            name = match.group(1) or match.group(2) or match.group(4)
            form = match.group(3) or match.group(5)
            value = self.global_variable(name, form)
            if value is not None:
                return value
            if name in self.values:
                return self.format(name, self.values[name], form)
            if name.startswith("__"):
                return match.group(0)   # a macro or a global this dashboard does not use: left for the backend
            raise Failure(f"unknown variable ${name}")
        return VARIABLE.sub(replace, sql)

    def macros(self, sql):
        def iso(moment):
            return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

        def seconds(text):
            units = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
            found = re.fullmatch(r"(\d+)([smhdw])", text.strip("'"))
            if not found:
                raise Failure(f"interval {text!r} is not one this checker knows")
            return int(found.group(1)) * units[found.group(2)]

        def postgres(match):
            name, args = match.group(1), [a.strip() for a in match.group(2).split(",")]
            if name == "__time":
                return f'{args[0]} AS "time"'
            if name == "__timeEpoch":
                return f'extract(epoch from {args[0]}) as "time"'
            if name == "__timeFilter":
                return f"{args[0]} BETWEEN '{iso(self.start)}' AND '{iso(self.end)}'"
            if name == "__timeFrom":
                return f"'{iso(self.start)}'"
            if name == "__timeTo":
                return f"'{iso(self.end)}'"
            if name in ("__timeGroup", "__timeGroupAlias"):
                step = seconds(args[1])
                group = f"floor(extract(epoch from {args[0]})/{step})*{step}"
                return group + (' AS "time"' if name == "__timeGroupAlias" else "")
            if name == "__unixEpochFilter":
                return f"{args[0]} >= {int(self.start.timestamp())} AND {args[0]} <= {int(self.end.timestamp())}"
            raise Failure(f"unknown macro {name!r}")

        def sqlite(match):
            name, args = match.group(1), [a.strip() for a in match.group(2).split(",")]
            if name == "__unixEpochGroupSeconds":
                return f"cast(({args[0]} / {int(args[1])}) as int) * {int(args[1])}"
            return match.group(0)

        return MACRO.sub(postgres if self.kind == "postgres" else sqlite, sql)

    def expand(self, sql):
        return self.macros(self.variables(sql))


class Database:
    def __init__(self, kind, where):
        self.kind, self.where = kind, where
        if kind == "sqlite":
            self.connection = sqlite3.connect("file:" + where + "?mode=ro", uri=True)

    def rows(self, sql):
        """(columns, rows) of a query."""
        if self.kind == "sqlite":
            try:
                cursor = self.connection.execute(sql)
            except sqlite3.Error as error:
                raise Failure(f"SQLite: {error}")
            return [d[0] for d in cursor.description], cursor.fetchall()
        run = subprocess.run(["psql", self.where, "-X", "-q", "--csv", "-v", "ON_ERROR_STOP=1", "-c", sql],
                             capture_output=True, text=True)
        if run.returncode != 0:
            raise Failure(f"PostgreSQL: {run.stderr.strip()}")
        table = list(csv.reader(io.StringIO(run.stdout)))
        return table[0], [tuple(None if cell == "" else cell for cell in row) for row in table[1:]]


def normalised(cell):
    """A cell as both databases' answers compare: PostgreSQL's text (psql) and SQLite's values alike."""
    if cell is None:
        return None
    if isinstance(cell, (int, float)):
        return repr(round(float(cell), 6))
    text = str(cell)
    try:
        return repr(round(float(text), 6))
    except ValueError:
        pass
    found = re.fullmatch(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:Z|\+00(?::00)?)", text)
    return f"{found.group(1)}T{found.group(2)}Z" if found else text


def query_of(target, kind):
    return target.get("rawQueryText") if kind == "sqlite" else target.get("rawSql")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dashboard", help="the dashboard's JSON file (with --expand: the SQL to expand)")
    parser.add_argument("--expand", choices=["sqlite", "postgres"])
    parser.add_argument("--sqlite")
    parser.add_argument("--postgres")
    parser.add_argument("--from", dest="start", required=True)
    parser.add_argument("--to", dest="end", required=True)
    parser.add_argument("--allow-empty", action="store_true", help="a query may return no row (a time range without data)")
    parser.add_argument("--results", help="write every query's rows, normalised, to this JSON file")
    options = parser.parse_args()
    parse = lambda text: datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if options.expand:
        try:
            print(Expander(options.expand, parse(options.start), parse(options.end)).expand(options.dashboard))
        except Failure as failure:
            sys.exit(f"error: {failure}")
        return
    with open(options.dashboard, encoding="utf-8") as file:
        dashboard = json.load(file)
    plugin = dashboard["__inputs"][0]["pluginId"]
    kind = {"frser-sqlite-datasource": "sqlite", "grafana-postgresql-datasource": "postgres"}.get(plugin)
    if kind is None or getattr(options, kind) is None:
        sys.exit(f"{options.dashboard}: data source {plugin}; give --sqlite or --postgres to match it")
    database = Database(kind, getattr(options, kind))
    failures, ran, results = [], 0, {}

    def resolve(choice):
        """Expands the variables in order, each on All (every value) or on its first value."""
        expander = Expander(kind, parse(options.start), parse(options.end))
        for variable in dashboard.get("templating", {}).get("list", []):
            if variable.get("type") != "query":
                continue
            name, query = variable["name"], variable["query"]
            sql = expander.expand(query if isinstance(query, str) else query.get("rawSql", query.get("query", "")))
            columns, rows = database.rows(sql)
            values = [row[columns.index("__value")] if "__value" in columns else row[0] for row in rows]
            if not values:
                raise Failure(f"variable ${name} has no value: {sql}")
            if choice == "all":
                expander.values[name], expander.multi[name] = values, bool(variable.get("multi") or variable.get("includeAll"))
            else:
                expander.values[name], expander.multi[name] = values[:1], bool(variable.get("multi"))
            print(f"variable ${name}: {len(values)} values")
        return expander

    for choice in ("all", "first"):
        try:
            expander = resolve(choice)
        except Failure as failure:
            failures.append(f"variables ({choice}): {failure}")
            continue
        for panel in dashboard.get("panels", []):
            for target in panel.get("targets", []):
                raw = query_of(target, kind)
                if not raw:
                    failures.append(f"panel {panel['title']!r}: a target without a query")
                    continue
                ran += 1
                try:
                    sql = expander.expand(raw)
                except Failure as failure:
                    failures.append(f"panel {panel['title']!r} ({choice}): {failure}")
                    continue
                try:
                    columns, rows = database.rows(sql)
                except Failure as failure:
                    failures.append(f"panel {panel['title']!r} ({choice}): {failure}\n    {sql}")
                    continue
                results[f"{panel['title']} ({choice})"] = [[normalised(cell) for cell in row] for row in rows]
                series = target.get("format") == "time_series" or target.get("queryType") == "time series"
                problem = None
                if choice == "all" and not options.allow_empty and not any(any(cell is not None for cell in row) for row in rows):
                    problem = "no row with a value"
                elif series and "time" not in columns:
                    problem = f"a time series without a time column (columns {columns})"
                elif series:
                    times = [row[columns.index("time")] for row in rows]
                    if times != sorted(times):
                        problem = "a time series not in time order"
                if problem:
                    failures.append(f"panel {panel['title']!r} ({choice}): {problem}\n    {sql}")
                else:
                    print(f"panel {panel['title']!r} ({choice}): {len(rows)} rows")
    if options.results:
        with open(options.results, "w", encoding="utf-8") as file:
            json.dump(results, file, indent=1, sort_keys=True)
    for failure in failures:
        print("FAILED " + failure)
    print(f"{ran} queries run, {len(failures)} failed")
    sys.exit(1 if failures or ran == 0 else 0)


main()
