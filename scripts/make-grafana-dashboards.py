#!/usr/bin/env python3
"""Writes the two example Grafana dashboards from one description of their panels, so that they show the
same figures in the same places and differ only where the SQL dialects and data sources do:

    pipelines/grafana-dashboard-sqlite.json     innersource.sqlite through the frser-sqlite-datasource plugin
    pipelines/grafana-dashboard-postgres.json   the PostgreSQL sink through grafana-postgresql-datasource

    scripts/make-grafana-dashboards.py          (re)writes both files
    scripts/make-grafana-dashboards.py --check  exit 1 when a committed file differs from what it would write

Both have the variables `repository` and `team` (multi-value, "All" by default) and follow the time picker:
monthly tables by their month, the run history by each run's as-of time. The time filters differ:
PostgreSQL's data source expands the macros `$__timeFilter(...)`, `$__timeFrom()` and `$__timeTo()` on the
server; the SQLite plugin expands none of those (only `$__unixEpochGroupSeconds`), so its queries read
Grafana's global variables `$__from` and `$__to` (milliseconds since the epoch) through SQLite's strftime.
Variables are always written with the `sqlstring` format (`'a','b'`, quotes doubled): the SQLite plugin
interpolates without a format of its own, which would otherwise give `{a,b}` for several values.
scripts/check-grafana-dashboard.py runs every query of a dashboard against a real database."""
import json, os, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The SQL fragments that differ between the dialects.
DIALECTS = {
    "sqlite": {
        "plugin": "frser-sqlite-datasource", "plugin_name": "SQLite", "plugin_version": "3.0.0", "grafana": "10.0.0",
        "label": "innersource SQLite", "uid": "innersource-sqlite",
        "input": "frser-sqlite-datasource pointing at innersource.sqlite",
        "months": "month >= strftime('%Y-%m', $__from / 1000, 'unixepoch') AND month <= strftime('%Y-%m', $__to / 1000, 'unixepoch')",
        "runs": "as_of >= strftime('%Y-%m-%dT%H:%M:%SZ', $__from / 1000, 'unixepoch') AND as_of <= strftime('%Y-%m-%dT%H:%M:%SZ', $__to / 1000, 'unixepoch')",
        "month_time": "month || '-01T00:00:00Z' AS time",
        "run_time": "as_of AS time",
        "ratio": "CAST(sum({a}) AS REAL) / NULLIF(sum({b}), 0)",
    },
    "postgres": {
        "plugin": "grafana-postgresql-datasource", "plugin_name": "PostgreSQL", "plugin_version": "1.0.0",
        # The built-in data source's id since Grafana 10.2.3 (`postgres` before).
        "grafana": "10.2.3",
        "label": "innersource PostgreSQL", "uid": "innersource-postgres",
        "input": "the PostgreSQL database the innersource sink writes (--postgres, outputs.postgres)",
        "months": "month >= to_char($__timeFrom()::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM') AND month <= to_char($__timeTo()::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM')",
        "runs": "$__timeFilter(as_of::timestamptz)",
        "month_time": "(month || '-01T00:00:00Z')::timestamptz AS time",
        "run_time": "as_of::timestamptz AS time",
        "ratio": "sum({a})::float8 / NULLIF(sum({b}), 0)",
    },
}

REPOSITORIES = "repository IN (${repository:sqlstring})"
OWNED = "repository IN (SELECT repository FROM repositories WHERE owner_team IN (${team:sqlstring}))"
CROSS = "from_team <> to_team"
EITHER = "(from_team IN (${team:sqlstring}) OR to_team IN (${team:sqlstring}))"

# Each panel: its title, what it shows, its kind, size, and its query as a function of the dialect.
PANELS = [
    {
        "title": "Cross-team share by month",
        "description": "Cross-team commits / commits per month (monthly table: author dates, quiet months as zeros), over the repositories chosen and owned by the teams chosen, in the time range.",
        "type": "timeseries", "format": "time_series", "unit": "percentunit", "w": 12,
        "sql": lambda d: f"SELECT {d['month_time']}, {d['ratio'].format(a='cross_team_commits', b='commits')} AS cross_team_share "
                         f"FROM monthly WHERE {REPOSITORIES} AND {OWNED} AND {d['months']} GROUP BY month ORDER BY month",
    },
    {
        "title": "Cross-team share across runs",
        "description": "The same share as each nightly run measured it over its window (history_repositories), one point per run in the time range.",
        "type": "timeseries", "format": "time_series", "unit": "percentunit", "w": 12,
        "sql": lambda d: f"SELECT {d['run_time']}, {d['ratio'].format(a='cross_team_commits', b='commits')} AS cross_team_share "
                         f"FROM history_repositories WHERE {REPOSITORIES} AND {OWNED} AND {d['runs']} GROUP BY as_of ORDER BY as_of",
    },
    {
        "title": "Cross-team commits by contributing team",
        "description": "Commits into other teams' repositories per month (team_flows_monthly), where either team is among the teams chosen: one series for each of the ten teams that gave most in the time range, the rest as 'other teams'.",
        "type": "timeseries", "format": "time_series", "unit": "short", "w": 24, "stack": True,
        "sql": lambda d: f"WITH shown AS (SELECT from_team FROM team_flows_monthly WHERE {CROSS} AND {EITHER} AND {d['months']} "
                         "GROUP BY from_team ORDER BY sum(commits) DESC, from_team LIMIT 10) "
                         f"SELECT {d['month_time']}, CASE WHEN from_team IN (SELECT from_team FROM shown) THEN from_team ELSE 'other teams' END AS metric, "
                         f"sum(commits) AS commits FROM team_flows_monthly WHERE {CROSS} AND {EITHER} AND {d['months']} "
                         "GROUP BY month, metric ORDER BY month, metric",
    },
    {
        "title": "Who gives: contributing teams",
        "description": "Teams ranked by what they put into other teams' repositories in the time range (team_flows_monthly): commits, change requests landed, owning teams reached.",
        "type": "table", "format": "table", "w": 12,
        "sql": lambda d: "SELECT from_team AS team, sum(commits) AS commits, sum(change_requests_landed) AS change_requests_landed, "
                         "count(DISTINCT CASE WHEN commits > 0 OR change_requests_proposed > 0 THEN to_team END) AS teams_reached "
                         f"FROM team_flows_monthly WHERE {CROSS} AND from_team IN (${{team:sqlstring}}) AND {d['months']} "
                         "GROUP BY from_team ORDER BY commits DESC, change_requests_landed DESC, team",
    },
    {
        "title": "Who receives: owning teams",
        "description": "Owning teams ranked by what other teams put into their repositories in the time range (team_flows_monthly): commits, change requests landed, contributing teams.",
        "type": "table", "format": "table", "w": 12,
        "sql": lambda d: "SELECT to_team AS team, sum(commits) AS commits, sum(change_requests_landed) AS change_requests_landed, "
                         "count(DISTINCT CASE WHEN commits > 0 OR change_requests_proposed > 0 THEN from_team END) AS contributing_teams "
                         f"FROM team_flows_monthly WHERE {CROSS} AND to_team IN (${{team:sqlstring}}) AND {d['months']} "
                         "GROUP BY to_team ORDER BY commits DESC, change_requests_landed DESC, team",
    },
    {
        "title": "Acceptance of cross-team change requests by month",
        "description": "Landed / (landed + declined) of other teams' change requests, by the month they landed or were last active (team_flows_monthly); no point in a month without a decided one.",
        "type": "timeseries", "format": "time_series", "unit": "percentunit", "w": 12,
        "sql": lambda d: f"SELECT {d['month_time']}, {d['ratio'].format(a='change_requests_landed', b='change_requests_landed + change_requests_declined')} AS acceptance, "
                         "sum(change_requests_proposed) AS proposed "
                         f"FROM team_flows_monthly WHERE {CROSS} AND {EITHER} AND {d['months']} GROUP BY month ORDER BY month",
    },
    {
        "title": "Cross-team acceptance across runs",
        "description": "Each run's cross-team acceptance over its window (history_repository_change_requests: cross-team landed / (landed + declined)), in the time range.",
        "type": "timeseries", "format": "time_series", "unit": "percentunit", "w": 12,
        "sql": lambda d: f"SELECT {d['run_time']}, {d['ratio'].format(a='cross_team_landed', b='cross_team_landed + cross_team_declined')} AS acceptance "
                         f"FROM history_repository_change_requests WHERE {REPOSITORIES} AND {OWNED} AND {d['runs']} GROUP BY as_of ORDER BY as_of",
    },
    {
        "title": "Acceptance by owning team (latest run)",
        "description": "Other teams' change requests into each owning team's chosen repositories over the latest run's window (team_flows_by_repository), with the share accepted.",
        "type": "table", "format": "table", "w": 12,
        "sql": lambda d: "SELECT to_team AS team, sum(change_requests_proposed) AS proposed, sum(change_requests_landed) AS landed, "
                         f"sum(change_requests_declined) AS declined, {d['ratio'].format(a='change_requests_landed', b='change_requests_landed + change_requests_declined')} AS acceptance "
                         f"FROM team_flows_by_repository WHERE {CROSS} AND {REPOSITORIES} AND to_team IN (${{team:sqlstring}}) "
                         "GROUP BY to_team ORDER BY proposed DESC, team",
    },
    {
        "title": "Cross-team share per repository (latest run)",
        "description": "cross_team_share per repository over the latest run's window (repositories table).",
        "type": "barchart", "format": "table", "unit": "percentunit", "w": 12, "x_field": "repository",
        "sql": lambda d: f"SELECT repository, cross_team_share FROM repositories WHERE cross_team_share IS NOT NULL AND {REPOSITORIES} AND {OWNED} "
                         "ORDER BY cross_team_share DESC, repository",
    },
    {
        "title": "Team flows by repository (latest run)",
        "description": "From contributing team into each chosen repository's owning team over the latest run's window (team_flows_by_repository). An empty contributors cell was left out under the minimum group size.",
        "type": "table", "format": "table", "w": 12,
        "sql": lambda d: "SELECT repository, from_team, to_team, commits, lines_added, contributors, change_requests_landed, median_wait_seconds "
                         f"FROM team_flows_by_repository WHERE {REPOSITORIES} AND {EITHER} ORDER BY repository, commits DESC, from_team",
    },
    {
        "title": "Openness score per repository (latest run)",
        "description": "openness_score (0-100) per repository, with its barrier count (repositories table).",
        "type": "barchart", "format": "table", "w": 24, "x_field": "repository",
        "sql": lambda d: f"SELECT repository, openness_score, barriers FROM repositories WHERE openness_score IS NOT NULL AND {REPOSITORIES} AND {OWNED} "
                         "ORDER BY openness_score DESC, repository",
    },
]

VARIABLES = [
    ("repository", "Repository", "SELECT repository FROM repositories ORDER BY repository"),
    ("team", "Team", "SELECT from_team AS team FROM team_flows UNION SELECT to_team FROM team_flows ORDER BY 1"),
]


def target(dialect, name, panel):
    source = {"type": dialect["plugin"], "uid": "${DS_INNERSOURCE}"}
    sql = panel["sql"](dialect)
    if name == "sqlite":
        # The plugin keeps the query as written in rawQueryText and the interpolated one in queryText.
        return {"refId": "A", "datasource": source, "queryType": "time series" if panel["format"] == "time_series" else "table",
                "rawQueryText": sql, "queryText": sql, "timeColumns": ["time"] if panel["format"] == "time_series" else []}
    return {"refId": "A", "datasource": source, "editorMode": "code", "format": panel["format"], "rawQuery": True, "rawSql": sql}


def dashboard(name):
    dialect = DIALECTS[name]
    source = {"type": dialect["plugin"], "uid": "${DS_INNERSOURCE}"}
    panels, x, y, row_height = [], 0, 0, 9
    for number, panel in enumerate(PANELS, start=1):
        if x + panel["w"] > 24:
            x, y = 0, y + row_height
        defaults = {}
        if "unit" in panel:
            defaults["unit"] = panel["unit"]
        if panel.get("unit") == "percentunit":
            defaults.update({"min": 0, "max": 1})
        options = {}
        if panel["type"] == "timeseries":
            defaults["custom"] = {"drawStyle": "bars" if panel.get("stack") else "line", "showPoints": "always", "spanNulls": False}
            if panel.get("stack"):
                defaults["custom"]["stacking"] = {"mode": "normal", "group": "A"}
            options = {"legend": {"showLegend": True, "displayMode": "list", "placement": "bottom"}, "tooltip": {"mode": "multi"}}
        elif panel["type"] == "barchart":
            options = {"orientation": "horizontal", "xField": panel["x_field"], "legend": {"showLegend": True}}
        elif panel["type"] == "table":
            options = {"showHeader": True}
        panels.append({
            "id": number, "type": panel["type"], "title": panel["title"], "description": panel["description"],
            "gridPos": {"h": row_height, "w": panel["w"], "x": x, "y": y}, "datasource": source,
            "fieldConfig": {"defaults": defaults, "overrides": []}, "options": options,
            "targets": [target(dialect, name, panel)],
        })
        x += panel["w"]
    variables = [{
        "type": "query", "name": variable, "label": label, "datasource": source, "query": query, "definition": query,
        "refresh": 1, "multi": True, "includeAll": True, "sort": 1,
        "current": {"selected": True, "text": ["All"], "value": ["$__all"]}, "options": [], "hide": 0,
    } for variable, label, query in VARIABLES]
    other = "frser-sqlite-datasource plugin over innersource.sqlite" if name == "sqlite" else "built-in PostgreSQL data source over the database the --postgres sink writes"
    return {
        "description": f"innersource's example dashboard for the {other}: cross-team share over time (monthly and across runs), "
                       "who gives and who receives, acceptance of cross-team change requests, team flows. Variables: repository, team. "
                       "Made by scripts/make-grafana-dashboards.py; see docs/DEFINITIONS.md, \"Grafana dashboards\".",
        "__inputs": [{"name": "DS_INNERSOURCE", "label": dialect["label"], "description": dialect["input"], "type": "datasource",
                      "pluginId": dialect["plugin"], "pluginName": dialect["plugin_name"]}],
        "__requires": [
            {"type": "datasource", "id": dialect["plugin"], "name": dialect["plugin_name"], "version": dialect["plugin_version"]},
            {"type": "grafana", "id": "grafana", "name": "Grafana", "version": dialect["grafana"]},
        ],
        "title": f"innersource: cross-team contribution ({dialect['plugin_name']})",
        "uid": dialect["uid"], "tags": ["innersource", name], "editable": True, "schemaVersion": 39, "version": 2,
        "timezone": "utc", "refresh": "", "time": {"from": "now-2y", "to": "now"},
        "templating": {"list": variables}, "annotations": {"list": []}, "panels": panels,
    }


def main():
    check = "--check" in sys.argv[1:]
    stale = []
    for name in DIALECTS:
        path = os.path.join(ROOT, "pipelines", f"grafana-dashboard-{name}.json")
        text = json.dumps(dashboard(name), indent=2, ensure_ascii=False) + "\n"
        if check:
            with open(path, encoding="utf-8") as file:
                if file.read() != text:
                    stale.append(path)
        else:
            with open(path + ".tmp", "w", encoding="utf-8") as file:
                file.write(text)
            os.replace(path + ".tmp", path)
    for path in stale:
        print(f"{path}: differs from what scripts/make-grafana-dashboards.py writes; run it and commit the result")
    sys.exit(1 if stale else 0)


main()
