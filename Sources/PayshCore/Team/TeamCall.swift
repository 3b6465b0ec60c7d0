import NIOConcurrencyHelpers

/// The outcome of one call to the team store, settled once: by the work finishing, by the timeout, by the
/// watchdog's probe, or by the caller's cancellation, whichever comes first. The others then find it settled
/// and do nothing; the actions given to `onSettle` (cancel the work, the timer) run once, at settling.
///
/// Both bridges wait on it: `value()` suspends an async caller (no thread is held), `wait()` blocks a
/// synchronous caller's thread on a condition variable until it is settled.
final class TeamCall<Value: Sendable>: @unchecked Sendable {
  private let condition = ConditionLock(value: false)
  // Guarded by `condition`.
  private var result: Result<Value, any Error>?
  private var continuation: CheckedContinuation<Value, any Error>?
  private var actions: [@Sendable () -> Void] = []

  /// Settles with `result` unless settled already; true when this call settled it.
  @discardableResult
  func settle(_ result: Result<Value, any Error>) -> Bool {
    condition.lock()
    guard self.result == nil else {
      condition.unlock()
      return false
    }
    self.result = result
    let waiting = continuation
    let pending = actions
    continuation = nil
    actions = []
    condition.unlock(withValue: true)
    waiting?.resume(with: result)
    for action in pending { action() }
    return true
  }

  /// Runs `action` when settled (at once when it is already).
  func onSettle(_ action: @escaping @Sendable () -> Void) {
    condition.lock()
    guard result == nil else {
      condition.unlock()
      action()
      return
    }
    actions.append(action)
    condition.unlock()
  }

  var isSettled: Bool {
    condition.lock()
    defer { condition.unlock() }
    return result != nil
  }

  /// Blocks this thread until settled. Never call it on a thread the work needs (`TeamDatabase` checks).
  func wait() -> Result<Value, any Error> {
    condition.lock(whenValue: true)
    let settled = result!
    condition.unlock()
    return settled
  }

  /// Suspends until settled; cancelling the waiting task settles it with `CancellationError`.
  func value() async throws -> Value {
    try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { (waiting: CheckedContinuation<Value, any Error>) in
        condition.lock()
        if let result {
          condition.unlock()
          waiting.resume(with: result)
        } else {
          continuation = waiting
          condition.unlock()
        }
      }
    } onCancel: {
      settle(.failure(CancellationError()))
    }
  }
}
