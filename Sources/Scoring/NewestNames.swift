/// The name to show for each person: the one on their newest commit; on equal times the greatest, so that
/// the order commits are read in never matters.
struct NewestNames: Sendable {
    private var entries: [String: (time: Int64, display: String)] = [:]

    mutating func offer(_ key: String, display: String, time: Int64) {
        if let known = entries[key], (known.time, known.display) >= (time, display) { return }
        entries[key] = (time, display)
    }

    /// The newest name, or the key itself for someone never offered.
    func display(of key: String) -> String { entries[key]?.display ?? key }
}
