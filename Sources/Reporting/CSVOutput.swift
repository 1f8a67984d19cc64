import Foundation

extension OutputFormat {
    /// repositories.csv, contributors.csv, team_flows.csv, monthly.csv, barriers.csv.
    public static let csv = OutputFormat(name: "csv")
}

/// The `csv` format: every table of `OutputTable.all` as `NAME.csv`.
public enum CSVOutput: OutputWriter {
    public static let format = OutputFormat.csv

    public static var fileNames: [String] { OutputTable.all.map { $0.name + ".csv" } }

    public static func files(_ run: OutputRun, privacy: OutputPrivacy) throws -> [OutputFile] {
        try OutputTable.all.compactMap { table in
            let csv = table.csv(run)
            if table.omittedWhenEmpty && csv.rows.isEmpty { return nil }
            return OutputFile(name: table.name + ".csv", data: privacy.utf8(try csv.encoded()))
        }
    }
}
