import Synchronization

/// The time commands that wait between requests read and sleep on (`watch --every`): the system clock in
/// use, a manual one in tests so that a ten-minute watch runs in milliseconds and the same way every time.
public protocol ShellClock: AnyObject, Sendable {
  /// Microseconds on a monotonic scale.
  func now() -> Int
  /// Waits `microseconds`; throws when the task is cancelled (Ctrl-C).
  func sleep(microseconds: Int) async throws
}

/// The real clock.
public final class SystemClock: ShellClock {
  public init() {}

  public func now() -> Int { Clock.now() }

  public func sleep(microseconds: Int) async throws {
    try await Task.sleep(nanoseconds: UInt64(max(0, microseconds)) * 1_000)
  }
}

/// A clock that moves only when slept on: `sleep` adds to `now` at once. For tests; `onSleep` lets a
/// test move the simulator's clock along with it.
public final class ManualClock: ShellClock {
  struct State {
    var now: Int
    var sleeps: [Int] = []
  }

  private let state: Mutex<State>
  let onSleep: (@Sendable (Int) async -> Void)?

  public init(start: Int = 0, onSleep: (@Sendable (Int) async -> Void)? = nil) {
    state = Mutex(State(now: start))
    self.onSleep = onSleep
  }

  public func now() -> Int { state.withLock { $0.now } }

  /// The sleeps asked for, in order, in microseconds.
  public var sleeps: [Int] { state.withLock { $0.sleeps } }

  public func sleep(microseconds: Int) async throws {
    try Task.checkCancellation()
    state.withLock {
      $0.sleeps.append(microseconds)
      $0.now += max(0, microseconds)
    }
    await onSleep?(microseconds)
  }
}
