import Foundation

/// A value worked out on a thread of its own while the caller goes on (the classification of the blobs at
/// HEAD during the history read, hygiene during change-request reconstruction); `value()` waits for it.
/// The work gets its own thread (8 MiB of stack, as the history's readers) rather than a shared pool's.
public final class PendingValue<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Value?

    /// A value already known: `value()` returns it at once.
    public init(ready value: Value) {
        result = value
        done.signal()
    }

    /// Starts `work` on a new thread.
    public init(_ work: @escaping @Sendable () -> Value) {
        let thread = Thread { [self] in
            result = work()
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The value, once worked out (waits until then); may be asked again.
    public func value() -> Value {
        done.wait()
        done.signal()
        guard let result else { preconditionFailure("PendingValue finished without a value") }
        return result
    }
}
