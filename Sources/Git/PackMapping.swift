import Foundation
internal import Clibgit2

/// How much of the packs libgit2 keeps mapped, process-wide. The history read maps packs whole (fastest
/// there); reading objects scattered over a pack (request heads from forks, their patches and diffs) under
/// that mapping leaves every page touched resident until the handles close, so such reads run in a bounded
/// scope: small windows under a low mapped limit, unmapped as others are needed.
///
/// libgit2's setting is global, so scopes are counted (`CountedOverride`): the first to enter sets the
/// bound, the last to leave restores what was there before, so two repositories of a batch reconstructing
/// at once leave it right.
public enum PackMapping {
    /// The window size and mapped limit of a bounded scope. Measured on libgit2's history (an 84 MB pack,
    /// 4,957 request heads): the change-request phase's resident pack pages fall from about 60 MB to under
    /// 30 MB for about 0.3 s more system time; smaller limits save no more.
    public static let bounded = (window: 8 << 20, limit: 32 << 20)

    private static let override = CountedOverride<(window: Int, limit: Int)?>(
        read: {
            Library.ensureInitialised()
            var window = 0, limit = 0
            return isrc_opt_get_mwindow(&window, &limit) == 0 ? (window, limit) : nil
        },
        write: { value in
            guard let value else { return }
            _ = isrc_opt_mwindow(value.window, value.limit)
        },
        override: bounded)

    /// Runs `body` with pack mapping bounded.
    public static func bounded<T>(_ body: () throws -> T) rethrows -> T {
        override.enter()
        defer { override.leave() }
        return try body()
    }

    /// The current window size and mapped limit.
    public static var current: (window: Int, limit: Int)? {
        Library.ensureInitialised()
        var window = 0, limit = 0
        return isrc_opt_get_mwindow(&window, &limit) == 0 ? (window, limit) : nil
    }
}

/// A process-wide setting overridden while any scope is open: the first `enter` saves the value and writes
/// the override, the last `leave` writes the saved value back. Scopes may nest and overlap across threads.
public final class CountedOverride<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private let read: () -> Value
    private let write: (Value) -> Void
    private let override: Value
    private var depth = 0
    private var saved: Value?

    public init(read: @escaping () -> Value, write: @escaping (Value) -> Void, override: Value) {
        self.read = read
        self.write = write
        self.override = override
    }

    public func enter() {
        lock.lock()
        defer { lock.unlock() }
        depth += 1
        guard depth == 1 else { return }
        saved = read()
        write(override)
    }

    public func leave() {
        lock.lock()
        defer { lock.unlock() }
        precondition(depth > 0, "CountedOverride.leave without enter")
        depth -= 1
        guard depth == 0, let saved else { return }
        write(saved)
        self.saved = nil
    }
}
