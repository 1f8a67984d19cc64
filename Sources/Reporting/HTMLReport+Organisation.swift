import InnerSourceModel
import Scoring

/// The organisation view that opens the report: the headline figures and their trend, where to act, and the
/// repository table. Stable hooks: `id="organisation"` (`class="headline-figure"` rows with `data-figure`),
/// `id="where-to-act"` (`class="act"` items with `data-repository`), `id="repository-table"` (one
/// `class="repository-row"` per repository), `id="repository-filter"`.
extension HTMLReport {
    // MARK: headline figures

    static func date(_ seconds: Int64) -> String { OrganisationText.date(seconds) }

    static func organisationSection(_ summary: OrganisationSummary) -> [String] {
        let trend = summary.trend, figures = summary.figures
        var out = ["<section id=\"organisation\" aria-labelledby=\"organisation-title\">",
                   "<h2 id=\"organisation-title\">The organisation</h2>",
                   "<p class=\"muted\">\(Format.count(figures.commits, "commit")) by people in the window, "
                   + "\(figures.crossTeamCommits) of them cross-team; \(Format.count(figures.changeRequestsLanded, "change request")) landed, "
                   + "\(figures.crossTeamLanded) of them from other teams, \(figures.crossTeamDeclined) of other teams' declined.</p>"]
        if trend.previous == nil {
            out.append("<p class=\"first-run\">First run: no previous figures.</p>")
        }
        var head = "<table class=\"headline\"><thead><tr><th scope=\"col\">Figure</th><th scope=\"col\" class=\"num\">Now</th>"
        if let previous = trend.previous {
            head += "<th scope=\"col\" class=\"num\">Previous run (\(date(previous.asOf)))</th><th scope=\"col\" class=\"num\">Change</th>"
        }
        for quarter in trend.quarters { head += "<th scope=\"col\" class=\"num\">\(quarter.label)</th>" }
        out.append(head + "</tr></thead><tbody>")
        for figure in OrganisationText.figures {
            let now = figure.value(figures)
            var row = "<tr class=\"headline-figure\" data-figure=\"\(figure.id)\"><th scope=\"row\">\(escape(figure.label))</th>"
                + "<td class=\"num\">\(now.map(figure.text) ?? "-")</td>"
            if let previous = trend.previous {
                let before = figure.value(previous)
                row += "<td class=\"num\">\(before.map(figure.text) ?? "-")</td>"
                row += "<td class=\"num change\">" + (now.flatMap { now in before.map { figure.change(now, $0) } } ?? "-") + "</td>"
            }
            for quarter in trend.quarters {
                row += "<td class=\"num\">" + (quarter.figures.map { quarterFigures in
                    figure.value(quarterFigures).map(figure.text) ?? "-"
                } ?? "<span class=\"muted\">no run</span>") + "</td>"
            }
            out.append(row + "</tr>")
        }
        out.append("</tbody></table>")
        out.append("<p class=\"muted\">Quarters: the newest earlier run in each calendar quarter, from the database's run history.</p>")
        out.append("</section>")
        return out
    }

    // MARK: where to act

    /// The first `limit` entries of the ranking, each with its barriers' evidence and remedies.
    static func whereToActSection(_ entries: [WhereToAct.Entry], anchors: [String: Int], limit: Int = 10) -> [String] {
        var out = ["<section id=\"where-to-act\" aria-labelledby=\"where-to-act-title\">",
                   "<h2 id=\"where-to-act-title\">Where to act</h2>",
                   "<p class=\"muted\">Repositories where other teams' work meets a barrier (proposals declined, long waits, "
                   + "a single gatekeeper, drifted ownership), most demand from other teams first.</p>"]
        guard !entries.isEmpty else {
            out.append("<p class=\"muted\">Nothing to act on: no repository has one of these barriers.</p>")
            out.append("</section>")
            return out
        }
        out.append("<ol class=\"where-to-act\">")
        for entry in entries.prefix(limit) {
            let link = anchors[entry.repository].map { "<a href=\"#repository-\($0)\">\(escape(entry.repository))</a>" } ?? escape(entry.repository)
            var item = "<li class=\"act\" data-repository=\"\(escape(entry.repository))\"><strong>\(link)</strong>"
                + " <span class=\"muted\">owner \(escape(entry.owner?.name ?? "none")); \(OrganisationText.demandText(entry))"
                + "; acceptance \(entry.acceptanceRatio.map(Format.percent) ?? "-"); median wait \(entry.medianWaitSeconds.map(duration) ?? "-")</span><ul>"
            for barrier in entry.barriers {
                item += "<li><span class=\"badge severity-\(barrier.severity.rawValue)\">\(barrier.severity.rawValue)</span> <code>\(escape(barrier.id))</code>: "
                    + "\(escape(barrier.evidence)) <span class=\"remedy\">Remedy: \(escape(barrier.remedy))</span></li>"
            }
            out.append(item + "</ul></li>")
        }
        out.append("</ol>")
        if entries.count > limit { out.append("<p class=\"muted\">… and \(entries.count - limit) more (see the barriers below).</p>") }
        out.append("</section>")
        return out
    }

    // MARK: repository table

    /// A sortable, filterable table: one row per repository, each cell with its sort value in `data-value`.
    static func repositoryTable(_ analyses: [RepositoryAnalysis]) -> [String] {
        var out = ["<section id=\"repository-list\" aria-labelledby=\"repository-list-title\">",
                   "<h2 id=\"repository-list-title\">Repositories at a glance</h2>",
                   "<p class=\"filter\"><label for=\"repository-filter\">Filter</label> <input type=\"search\" id=\"repository-filter\" "
                   + "placeholder=\"name, owner or barrier\"> <span id=\"repository-shown\" class=\"muted\">\(analyses.count) shown</span></p>"]
        let columns: [(String, String)] = [
            ("Repository", "text"), ("Owner", "text"), ("Cross-team", "num"), ("Acceptance", "num"), ("Median wait", "num"),
            ("Bus", "num"), ("Truck", "num"), ("Openness", "num"), ("Top barrier", "text"),
        ]
        var head = "<table id=\"repository-table\" class=\"sortable\"><thead><tr>"
        for (index, column) in columns.enumerated() {
            head += "<th scope=\"col\"\(column.1 == "num" ? " class=\"num\"" : "")><button type=\"button\" data-column=\"\(index)\" data-type=\"\(column.1)\">\(column.0)</button></th>"
        }
        out.append(head + "</tr></thead><tbody>")
        func cell(_ value: Double?, _ text: String) -> String {
            "<td class=\"num\" data-value=\"\(value.map(sortValue) ?? "")\">\(text)</td>"
        }
        for (index, analysis) in analyses.enumerated() {
            let name = "<td><a href=\"#repository-\(index + 1)\">\(escape(analysis.name))</a></td>"
            guard let measured = analysis.measured else {
                out.append("<tr class=\"repository-row failed\">\(name)<td colspan=\"8\">not analysed: \(escape(analysis.failure ?? ""))</td></tr>")
                continue
            }
            let contributions = measured.crossTeam.contributions, requests = measured.crossTeam.changeRequests
            let wait = contributions.landing.outsiderMedianDelaySeconds
            let top = measured.barriers.min { ($0.severity.rank, $0.id) < ($1.severity.rank, $1.id) }
            out.append("<tr class=\"repository-row\">\(name)<td>\(escape(measured.ownership.team?.name ?? "-"))</td>"
                       + cell(contributions.crossTeamShare, contributions.crossTeamShare.map { Format.percent($0) + " <span class=\"muted\">of \(contributions.noun)</span>" } ?? "-")
                       + cell(requests.acceptanceRatio, requests.acceptanceRatio.map(Format.percent) ?? "-")
                       + cell(wait, wait.map(duration) ?? "-")
                       + cell(measured.concentration.busFactor.map(Double.init), measured.concentration.busFactor.map(String.init) ?? "-")
                       + cell(measured.concentration.truckFactor.map(Double.init), measured.concentration.truckFactor.map(String.init) ?? "-")
                       + cell(measured.openness?.score.map(Double.init), measured.openness.map { "\($0.aggregateText)/10" } ?? "-")
                       + "<td>\(top.map { "<code>\(escape($0.id))</code>" } ?? "-")</td></tr>")
        }
        out.append("</tbody></table>")
        out.append("</section>")
        return out
    }

    /// A sort key: whole numbers as they are, fractions to six decimals (ties stay ties, the page stays small).
    static func sortValue(_ value: Double) -> String {
        if value == value.rounded() { return String(Int(value)) }
        let scaled = Int((value * 1_000_000).rounded())
        let text = String(abs(scaled) % 1_000_000)
        let fraction = String(repeating: "0", count: 6 - text.count) + text
        let digits = String(fraction.reversed().drop { $0 == "0" }.reversed())
        return (scaled < 0 ? "-" : "") + "\(abs(scaled) / 1_000_000)" + (digits.isEmpty ? "" : "." + digits)
    }

    /// Sorting (a click on a header; again to reverse; empty values last) and filtering (every row whose text
    /// contains the filter) of `#repository-table`. Allowed by the page's Content-Security-Policy through its
    /// hash, `scriptHash`; nothing else may run.
    static let script = """
    (function () {
      var table = document.getElementById('repository-table');
      if (!table) return;
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.forEach(function (row, i) { row.setAttribute('data-order', String(i)); });
      var headers = table.tHead.rows[0].cells;
      function value(row, column, numeric) {
        var cell = row.cells[column];
        if (!cell) return null;
        var raw = cell.getAttribute('data-value');
        if (numeric) return raw === null || raw === '' ? null : parseFloat(raw);
        return (raw === null ? cell.textContent : raw).trim().toLowerCase();
      }
      Array.prototype.forEach.call(table.tHead.querySelectorAll('button'), function (button) {
        button.addEventListener('click', function () {
          var column = parseInt(button.getAttribute('data-column'), 10);
          var numeric = button.getAttribute('data-type') === 'num';
          var header = button.parentNode;
          var ascending = header.getAttribute('aria-sort') !== 'ascending';
          Array.prototype.forEach.call(headers, function (other) { other.removeAttribute('aria-sort'); });
          header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
          var sorted = rows.slice().sort(function (a, b) {
            var x = value(a, column, numeric), y = value(b, column, numeric);
            if (x === null && y !== null) return 1;
            if (y === null && x !== null) return -1;
            if (x !== null && y !== null && x !== y) return (x < y ? -1 : 1) * (ascending ? 1 : -1);
            return parseInt(a.getAttribute('data-order'), 10) - parseInt(b.getAttribute('data-order'), 10);
          });
          var fragment = document.createDocumentFragment();
          sorted.forEach(function (row) { fragment.appendChild(row); });
          body.appendChild(fragment);
        });
      });
      var filter = document.getElementById('repository-filter');
      var shown = document.getElementById('repository-shown');
      function apply() {
        var query = filter.value.trim().toLowerCase();
        var count = 0;
        rows.forEach(function (row) {
          var match = query === '' || row.textContent.toLowerCase().indexOf(query) >= 0;
          row.hidden = !match;
          if (match) count += 1;
        });
        shown.textContent = count + ' shown';
      }
      filter.addEventListener('input', apply);
      apply();
    })();
    """

    /// The base64 SHA-256 of `script`, as the Content-Security-Policy names it (a test recomputes it).
    static let scriptHash = "sha256-5C2VoIMOtL/RePKhsZV3MFzbGYCimtNMuJ+Lj4j5NiE="
}
