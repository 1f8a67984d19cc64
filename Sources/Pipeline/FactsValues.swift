import Foundation
import InnerSourceModel

/// The bounds `merge` holds a shard's facts file to before computing anything from it: a file edited by
/// hand or damaged must stop the merge with its name and the value at fault, never make it trap (a sum
/// that overflows, a NaN turned into an integer) nor write nonsense.
///
/// Every number in the decoded facts is checked by its type, wherever it is: an `Int` is a count, from 0 to
/// `limit`; an `Int64` is a time in seconds, within `limit` of 1970; a `Double` is finite and within
/// `limit` of 0, and a share (a field named `...share`) is from 0 to 1. With counts of at most 2^40, sums
/// over any run (2^23 repositories) stay within `Int`.
enum FactsValues {
    /// 2^40: more than a trillion commits or lines, more than thirty thousand years in seconds.
    static let limit = 1 << 40

    /// What is wrong with the first value out of bounds (`repository 'api': cross_team.cross_team_share is
    /// nan, not a share from 0 to 1`), or nil when every value is within them.
    static func firstProblem(in facts: RunFacts) -> String? {
        if let problem = check(facts.run, path: []) { return "run: " + problem }
        for repository in facts.repositories {
            if let problem = check(repository, path: []) { return "repository '\(repository.name.asOneLine)': " + problem }
        }
        return nil
    }

    private static func check(_ value: Any, path: [String]) -> String? {
        switch value {
        case let score as Int where path.last == "score" && path.contains("checks"):
            // An openness check's score: 0 to 10, or -1 when inconclusive.
            return (-1...10).contains(score) ? nil : problem(path, "\(score), not a check's score from -1 to 10")
        case let count as Int:
            return (0...limit).contains(count) ? nil : problem(path, "\(count), not a count from 0 to 2^40")
        case let seconds as Int64:
            return (-Int64(limit)...Int64(limit)).contains(seconds) ? nil : problem(path, "\(seconds), not a time within 2^40 seconds of 1970")
        case let number as Double:
            guard number.isFinite, abs(number) <= Double(limit) else { return problem(path, "\(number), not a finite number within 2^40") }
            if path.last?.hasSuffix("share") == true, !(0...1).contains(number) {
                return problem(path, "\(number), not a share from 0 to 1")
            }
            return nil
        case is String, is Bool:
            return nil
        default:
            for (index, child) in Mirror(reflecting: value).children.enumerated() {
                if let problem = check(child.value, path: path + step(child.label, index: index)) { return problem }
            }
            return nil
        }
    }

    /// A child's part of the path as the file spells it: a field in snake case, an element by index; an
    /// optional's value and a property wrapper's storage add nothing.
    private static func step(_ label: String?, index: Int) -> [String] {
        guard let label else { return ["[\(index)]"] }
        if label == "some" || label == "wrappedValue" { return [] }
        return [snakeCase(label.hasPrefix("_") ? String(label.dropFirst()) : label)]
    }

    private static func problem(_ path: [String], _ text: String) -> String {
        let place = joined(path)
        return "\(place.isEmpty ? "a value" : place) is \(text)"
    }

    /// `repositories[2].totals.commits`.
    private static func joined(_ path: [String]) -> String {
        var place = ""
        for part in path { place += part.hasPrefix("[") || place.isEmpty ? part : "." + part }
        return place
    }

    /// What a decoding error of `data` says, and where in the file (`at repositories[2].totals.commits:
    /// ...`): a number too large for its field is not a JSON syntax error, whatever JSONDecoder calls it.
    static func describe(_ error: any Error, in data: Data) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        let context: DecodingError.Context
        let what: String
        switch error {
        case .dataCorrupted(let found) where found.codingPath.isEmpty:
            // JSONDecoder says "not valid JSON", with no place, for a number that does not fit its field too.
            do {
                let tree = try JSONSerialization.jsonObject(with: data)
                return outOfRangeNumber(in: tree, path: []) ?? "a value does not fit its field"
            } catch {
                return "not valid JSON: \((error as NSError).userInfo[NSDebugDescriptionErrorKey] ?? error)"
            }
        case .dataCorrupted(let found):
            context = found
            what = found.debugDescription
        case .typeMismatch(let type, let found):
            context = found
            what = "not \(type): \(found.debugDescription)"
        case .valueNotFound(let type, let found):
            context = found
            what = "no \(type): \(found.debugDescription)"
        case .keyNotFound(let key, let found):
            context = found
            what = "no \(snakeCase(key.stringValue))"
        @unknown default:
            return "\(error)"
        }
        let place = joined(context.codingPath.map { key in key.intValue.map { "[\($0)]" } ?? snakeCase(key.stringValue) })
        return place.isEmpty ? what : "at \(place): \(what)"
    }

    /// The first number of a parsed JSON tree beyond `limit`, with its place.
    private static func outOfRangeNumber(in tree: Any, path: [String]) -> String? {
        switch tree {
        case let object as [String: Any]:
            for key in object.keys.sorted() {
                if let found = outOfRangeNumber(in: object[key] as Any, path: path + [key]) { return found }
            }
        case let array as [Any]:
            for (index, element) in array.enumerated() {
                if let found = outOfRangeNumber(in: element, path: path + ["[\(index)]"]) { return found }
            }
        case let number as NSNumber where !(abs(number.doubleValue) <= Double(limit)):
            return problem(path, "\(number), too large for any field (counts go up to 2^40)")
        default:
            break
        }
        return nil
    }

    /// `crossTeamShare` → `cross_team_share`, as the facts file's keys are written.
    static func snakeCase(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase {
                if !result.isEmpty { result += "_" }
                result += character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }
}
