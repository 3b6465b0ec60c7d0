import PayshCore
import Synchronization
import Testing

@testable import PayshShell

#if canImport(Glibc)
import Glibc
#endif

/// `paysh` with lines on a pipe: no libedit, no prompt, lines numbered for diagnostics.
@Suite("Lines on stdin", .serialized, .enabled(if: ChildProcess.binaryExists))
struct StdinModeTests {
  /// Runs `paysh` with `input` on stdin; its exit status and what it wrote (stdout and stderr together).
  func run(_ input: String) throws -> (status: Int32?, output: String) {
    let folder = makeTemporaryFolder()
    defer { removeTree(folder) }
    let shell = try ChildProcess(
      environment: ["HOME": folder, "XDG_STATE_HOME": folder, "NO_COLOR": "1"], terminal: false)
    shell.send(input)
    shell.closeInput()
    let status = shell.waitForExit()
    return (status, shell.screen)
  }

  @Test func helpOnStdinPrintsTheCommandsAndExitsZero() throws {
    let (status, output) = try run("help\n")
    #expect(status == 0)
    #expect(output.contains("paysh commands"))
    #expect(!output.contains("paysh> "), "no prompt when stdin is not a terminal")
  }

  @Test func aFailingLineSetsTheStatusAndIsNumbered() throws {
    let (status, output) = try run("echo one\nnosuch\necho three\n")
    #expect(status == 2)
    #expect(output.contains("<stdin>:2:1"), "\(output)")
    #expect(output.contains("three"), "later lines still run")
  }

  @Test func aRuntimeFailureExitsThree() throws {
    let (status, output) = try run("echo $missing\n")
    #expect(status == 3)
    #expect(output.contains("<stdin>:1:6"), "\(output)")
  }

  @Test func quitStopsReadingWithItsStatus() throws {
    let (status, output) = try run("echo before\nquit 4\necho never\n")
    #expect(status == 4)
    #expect(output.contains("before"))
    #expect(!output.contains("never"))
  }

  @Test func tabsAndQuotesPassThroughLiterally() throws {
    let (status, output) = try run("echo \"a\tb\" café\n")
    #expect(status == 0)
    #expect(output.contains("a\tb café"))
  }
}

/// Ctrl-C while a command runs cancels that command's task, not the shell.
@Suite("Cancelling the command in flight", .serialized)
struct CommandInterrupterTests {
  /// An interpreter whose only command is `wait`, which calls `started` and then sleeps until cancelled.
  func waitingShell(output: BufferedOutput, started: @escaping @Sendable () -> Void) -> Interpreter {
    Interpreter(registry: Registry([WaitCommand(started: started)]), output: output)
  }

  @Test func interruptCancelsTheRunningCommand() async {
    let output = BufferedOutput()
    let interrupter = CommandInterrupter(output: output)
    let shell = waitingShell(output: output) { interrupter.interrupt() }
    let status = await interrupter.run("wait", in: shell)
    #expect(status == .runtime)
    #expect(output.standardError.contains("interrupted"))
    #expect(!output.standardOutput.contains("not cancelled"))
  }

  @Test func sigintCancelsTheRunningCommand() async {
    let output = BufferedOutput()
    let interrupter = CommandInterrupter(output: output)
    #expect(interrupter.start())
    defer { interrupter.stop() }
    let shell = waitingShell(output: output) { kill(getpid(), SIGINT) }
    let status = await interrupter.run("wait", in: shell)
    #expect(status == .runtime)
    #expect(output.standardError.contains("interrupted"))
  }

  @Test func interruptWithNothingInFlightDoesNothing() async {
    let output = BufferedOutput()
    let interrupter = CommandInterrupter(output: output)
    interrupter.interrupt()
    let shell = Interpreter(output: output)
    let status = await interrupter.run("echo fine", in: shell)
    #expect(status == .ok)
    #expect(output.standardOutput == "fine\n")
  }
}
