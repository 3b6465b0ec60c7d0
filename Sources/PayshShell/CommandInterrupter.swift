import CEditLine
import PayshCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs each line typed at the prompt in a `Task` that Ctrl-C cancels.
///
/// While it is active, SIGINT is caught by a C handler that writes one byte to a pipe (the only safe thing a
/// signal handler can do); a thread of its own reads the pipe and cancels the command in flight. Between
/// commands libedit owns the terminal with `isig` off, so Ctrl-C is a key there, not a signal; a SIGINT that
/// arrives in the short gap between a command and the next prompt is ignored rather than killing the shell.
/// A command that does not stop: the third Ctrl-C leaves paysh (status 130).
public final class CommandInterrupter: Sendable {
  /// The command in flight and how many times Ctrl-C was pressed during it.
  struct Flight {
    var task: Task<ExitStatus, Never>?
    var presses = 0
  }

  let flight = Mutex(Flight())
  let pipeEnds = Mutex<(read: Int32, write: Int32)?>(nil)
  let output: any OutputSink

  /// A pipe-watching interrupter writing its notes to `output`; `start()` makes it catch SIGINT.
  public init(output: any OutputSink) {
    self.output = output
  }

  /// Catches SIGINT from now on; false when the pipe could not be made.
  @discardableResult
  public func start() -> Bool {
    var ends: [Int32] = [-1, -1]
    guard pipe(&ends) == 0 else { return false }
    _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
    _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
    let readEnd = ends[0]
    pipeEnds.withLock { $0 = (ends[0], ends[1]) }
    EditorThread.start { [self] in watch(readEnd) }
    paysh_sigint_catch(ends[1])
    return true
  }

  /// Stops catching SIGINT (its previous handling comes back) and ends the watching thread.
  public func stop() {
    guard
      let ends = pipeEnds.withLock({ ends -> (read: Int32, write: Int32)? in
        defer { ends = nil }
        return ends
      })
    else { return }
    paysh_sigint_restore()
    close(ends.write)
  }

  /// Runs `line` as `<input>` (each line typed stands alone: line 1), cancellable with Ctrl-C; returns its
  /// status.
  public func run(_ line: String, in shell: Interpreter) async -> ExitStatus {
    let shell = UncheckedSendable(shell)
    // Started under the lock, so an interrupt that comes at once already finds the task.
    let task = flight.withLock { flight in
      let task = Task.onShellLoop { await shell.value.run(line: line, name: "<input>") }
      flight = Flight(task: task)
      return task
    }
    let status = await task.value
    flight.withLock { $0 = Flight() }
    return status
  }

  /// Does what one Ctrl-C does: cancels the command in flight (if any).
  public func interrupt() {
    let presses = flight.withLock { flight -> Int in
      guard let task = flight.task else { return 0 }
      flight.presses += 1
      if flight.presses == 1 { task.cancel() }
      return flight.presses
    }
    switch presses {
    case 2: output.writeError("\n(stopping the command; Ctrl-C once more leaves paysh)\n")
    case 3...:
      output.writeError("\npaysh: stopped\n")
      exit(130)
    default: break
    }
  }

  /// The watching thread: one `interrupt()` per byte, until the write end is closed.
  func watch(_ readEnd: Int32) {
    var byte: UInt8 = 0
    while true {
      let count = read(readEnd, &byte, 1)
      if count < 0, errno == EINTR { continue }
      if count <= 0 { break }
      interrupt()
    }
    close(readEnd)
  }
}

/// Carries a value that is not `Sendable` into a task that is the only one using it until it is awaited.
public struct UncheckedSendable<Value>: @unchecked Sendable {
  public let value: Value
  public init(_ value: Value) { self.value = value }
}
