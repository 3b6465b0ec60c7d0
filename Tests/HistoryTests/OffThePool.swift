import Foundation

/// Runs `work` on a thread of its own. A test that blocks for seconds (waiting on a paysh process) on one
/// of the test runner's threads (two on a 2-core machine) stalls every async test in the process beside
/// it: CI runs failed so, dozens of tests timing out at once (`trigger` tests in one, after 9 s of nothing
/// in another). Checks (`#expect`) stay in the test, on what `work` returns.
func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
  try await withCheckedThrowingContinuation { continuation in
    Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
  }
}
