import CEditLine
import PayshCore

#if canImport(Glibc)
import Glibc
#endif

/// A script run (`paysh run`, `paysh -c`) under SIGINT, SIGTERM and SIGHUP: the first one cancels the run
/// instead of killing the process, so the interpreter stops where it is (a request in flight is abandoned),
/// stores and shows what it has answered, writes the command log, and paysh exits with the run's status (3,
/// "interrupted"). A second signal exits at once with 128 + its number, and so does a run that has not ended
/// 3 s after the first (a huge script still being checked). Nothing is lost either way: every fetch is
/// committed with its command line before it is shown.
///
/// A C handler writes each signal's number to a pipe and a thread of paysh's own reads it (the only safe
/// thing a handler can do); no signal machinery starts before a signal comes, so start-up pays nothing.
public enum ScriptSignals {
  /// Milliseconds a cancelled run has to end before paysh exits regardless.
  static let graceMilliseconds: Int32 = 3_000

  public static func run<Result: Sendable>(_ body: @escaping @Sendable () async -> Result) async -> Result {
    let task = Task.onShellLoop { await body() }
    var ends: [Int32] = [-1, -1]
    if pipe(&ends) == 0 {
      _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
      _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
      let readEnd = ends[0]
      EditorThread.start { watch(readEnd, cancel: { task.cancel() }) }
      paysh_stop_signals_catch(ends[1])
    }
    return await task.value
  }

  /// The watching thread: the first signal cancels, a second one or the end of the grace exits.
  static func watch(_ readEnd: Int32, cancel: () -> Void) {
    var byte: UInt8 = 0
    while true {
      let count = read(readEnd, &byte, 1)
      if count < 0, errno == EINTR { continue }
      guard count == 1 else { return }
      break
    }
    cancel()
    var poller = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
    while poll(&poller, 1, graceMilliseconds) < 0, errno == EINTR {}
    exit(128 + Int32(byte))
  }
}
