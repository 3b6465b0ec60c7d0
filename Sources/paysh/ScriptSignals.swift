import Dispatch
import PayshCore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A script run (`paysh run`, `paysh -c`) under SIGINT, SIGTERM and SIGHUP: the first one cancels the run
/// instead of killing the process, so the interpreter stops where it is (a request in flight is abandoned),
/// stores and shows what it has answered, writes the command log, and paysh exits with the run's status (3,
/// "interrupted"). A second signal exits at once with 128 + its number, and so does a run that has not ended
/// 3 s after the first (a huge script still being checked). Nothing is lost either way: every
/// fetch is committed with its command line before it is shown.
enum ScriptSignals {
  /// How long a cancelled run has to end before paysh exits regardless.
  static let grace: DispatchTimeInterval = .seconds(3)

  static func run<Result: Sendable>(_ body: @escaping @Sendable () async -> Result) async -> Result {
    let task = Task { await body() }
    let received = Mutex(0)
    var sources: [any DispatchSourceSignal] = []
    for number in [SIGINT, SIGTERM, SIGHUP] {
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler {
        let count = received.withLock { count -> Int in
          count += 1
          return count
        }
        guard count == 1 else { exit(128 + number) }
        task.cancel()
        // Work that does not look at cancellation (reading and checking a huge script) gets a few seconds,
        // then paysh leaves anyway: every fetch is already committed with its line.
        DispatchQueue.global().asyncAfter(deadline: .now() + ScriptSignals.grace) { exit(128 + number) }
      }
      source.resume()
      sources.append(source)
    }
    let result = await task.value
    for source in sources { source.cancel() }
    return result
  }
}

/// Carries the interpreter into the run's task, the only one using it until the run ends.
struct ShellForRun: @unchecked Sendable {
  let shell: Interpreter
}
