import Dispatch
import PayshCore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A script run (`paysh run`, `paysh -c`) under SIGINT, SIGTERM and SIGHUP: the first one cancels the run
/// instead of killing the process, so the interpreter stops where it is (a request in flight is abandoned),
/// stores and shows what it has answered, writes the command log, and paysh exits with the run's status (3,
/// "interrupted"). A second signal exits at once with 128 + its number. Nothing is lost either way: every
/// fetch is committed with its command line before it is shown.
enum ScriptSignals {
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
        if count == 1 { task.cancel() } else { exit(128 + number) }
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
