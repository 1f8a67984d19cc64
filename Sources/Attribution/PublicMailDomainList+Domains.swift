extension PublicMailDomainList {
    /// The domains of `text`, lower-cased: split once, on first use (a few milliseconds at most).
    static let domains: Set<String> = Set(text.split(separator: "\n").map { $0.lowercased() })
}
