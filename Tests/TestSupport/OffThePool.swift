import Foundation

/// Runs seconds of synchronous CPU (cross-validation) on a thread of its own: on the cooperative pool, two threads on
/// two cores, it would starve every other test's tasks in the process.
public func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
    }
}
