import PayshCore
import Synchronization
import Testing

@testable import PayshShell

/// The shell's commands run on the HTTP client's loop as their task executor preference: under NIO as the
/// global executor (as paysh runs) each nonisolated async call would otherwise go to the back of the loop's
/// queue, and a script's next request would go out only after the answer before was stored and shown.
@Suite("The shell's commands on the HTTP client's loop")
struct ShellLoopTests {
  /// Output that notes, at each write, whether it is written on the shell's loop.
  final class LoopWatchingOutput: OutputSink {
    let inner = BufferedOutput()
    let onLoop = Mutex<[Bool]>([])

    func write(_ text: String) {
      onLoop.withLock { $0.append(EventLoopTaskExecutor.shell.loop.inEventLoop) }
      inner.write(text)
    }

    func writeError(_ text: String) { inner.writeError(text) }
  }

  @Test func aLineTypedAtThePromptRunsOnTheShellsLoop() async {
    let output = LoopWatchingOutput()
    let interrupter = CommandInterrupter(output: output)
    let status = await interrupter.run("echo fine", in: Interpreter(output: output))
    #expect(status == .ok)
    #expect(output.inner.standardOutput == "fine\n")
    #expect(output.onLoop.withLock { $0 } == [true])
  }

  /// The task a script (`ScriptSignals.run`) and lines read from stdin (`REPL.run`) run in: those two are not
  /// run here, as they take the process's signals and stdin.
  @Test func theShellsTaskRunsOnTheShellsLoop() async {
    let onLoop = await Task.onShellLoop { EventLoopTaskExecutor.shell.loop.inEventLoop }.value
    #expect(onLoop)
  }
}
