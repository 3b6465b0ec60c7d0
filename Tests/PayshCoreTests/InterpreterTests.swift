import Testing

@testable import PayshCore

@Suite("Interpreter")
struct InterpreterTests {
  func run(
    _ text: String, mode: Interpreter.Mode = .script
  ) async -> (PayshCore.ExitStatus, BufferedOutput, Interpreter) {
    let output = BufferedOutput()
    let shell = Interpreter(output: output)
    let status = await shell.run(SourceFile(name: "t.ops", text: text), mode: mode)
    return (status, output, shell)
  }

  @Test func setEchoAndVars() async {
    let (status, output, _) = await run("set order = order_1\nset note \"two words\"\necho $order: $note\nvars")
    #expect(status == .ok)
    #expect(output.standardOutput == "order_1: two words\n$note  = \"two words\"\n$order = order_1\n")
    #expect(output.standardError.isEmpty)
  }

  @Test func refsCanBeNamed() async {
    let (status, output, shell) = await run("set first = @1\nvars")
    #expect(status == .ok)
    #expect(shell.context.refs["first"] == SnapshotRef.index(1))
    #expect(output.standardOutput == "@first = @1\n")
  }

  @Test func unsetVariableIsARuntimeErrorThatStopsTheScript() async {
    let (status, output, _) = await run("set order = x\necho $ordr\necho never")
    #expect(status == .runtime)
    #expect(output.standardError.contains("variable $ordr is not set"))
    #expect(output.standardError.contains("did you mean $order?"))
    #expect(output.standardError.contains("t.ops:2:6"))
    #expect(!output.standardOutput.contains("never"))
  }

  @Test func syntaxErrorsAreAllReportedAndNothingRuns() async {
    let (status, output, _) = await run("echo first\nfech x\nuse cashfree --verison 1\necho \"open\n")
    #expect(status == .syntax)
    #expect(output.standardOutput.isEmpty, "no line may run")
    let errors = output.standardError
    #expect(errors.contains("t.ops:2:1"))
    #expect(errors.contains("t.ops:3:14"))
    #expect(errors.contains("t.ops:4:6"))
    #expect(errors.contains("3 errors in t.ops; nothing was run"))
  }

  @Test func interactiveModeGoesOnAfterAFailure() async {
    let output = BufferedOutput()
    let shell = Interpreter(output: output)
    #expect(await shell.run(line: "fech", name: "<stdin>", lineNumber: 3) == .syntax)
    #expect(await shell.run(line: "echo ok") == .ok)
    #expect(output.standardOutput == "ok\n")
    #expect(output.standardError.contains("<stdin>:3:1"))
    #expect(shell.status == .syntax, "the first failure is the run's status")
  }

  @Test func useChangesTheContextAndPrompt() async {
    let (status, _, shell) = await run("use paytring production --version v2")
    #expect(status == .ok)
    #expect(shell.context.gateway == "paytring")
    #expect(shell.context.promptLabel == "paysh paytring@production")
    #expect(shell.context.isProduction)
    #expect(shell.context.prompt(style: TextStyle.plain) == "paysh paytring@production> ")
    #expect(shell.context.prompt(style: TextStyle.ansi).contains("\u{1B}[31m"))
    #expect(ShellContext().prompt(style: TextStyle.plain) == "paysh> ")
  }

  @Test func useWithAVariableIsCheckedWhenItRuns() async {
    let (status, output, _) = await run("set gw = cashfre\nuse $gw")
    #expect(status == .runtime)
    #expect(output.standardError.contains("unknown gateway 'cashfre'"))
  }

  @Test func quitEndsTheScriptWithItsStatus() async {
    let (status, output, _) = await run("echo a\nquit 4\necho b")
    #expect(status == .expectation)
    #expect(output.standardOutput == "a\n")
  }

  @Test func helpIsGeneratedFromTheRegistry() async {
    let (_, output, _) = await run("help")
    for spec in Registry.standard.specs {
      #expect(output.standardOutput.contains(spec.name))
      #expect(output.standardOutput.contains(spec.abstract))
    }
    let (_, detail, _) = await run("help use")
    #expect(detail.standardOutput.hasPrefix("usage: use <cashfree|paytring|enkash>"))
    #expect(detail.standardOutput.contains("--base-url URL"))
    #expect(detail.standardOutput.contains("examples:"))
    let (status, wrong, _) = await run("help fetchh")
    #expect(status == .syntax)
    #expect(wrong.standardError.contains("unknown command 'fetchh'"))
  }

  @Test func envShowsTheContext() async {
    let (_, output, _) = await run("use enkash sandbox; env")
    #expect(output.standardOutput.contains("gateway      enkash"))
    #expect(output.standardOutput.contains("environment  sandbox"))
  }
}

@Suite("Command log")
struct CommandLogTests {
  @Test func everyLineRunIsLoggedWithItsStatusButSecretsAreNot() async throws {
    let output = BufferedOutput()
    let shell = Interpreter(output: output)
    let log = MemorySnapshotLog()
    shell.services.snapshots = log
    await shell.run(SourceFile(name: "t", text: "set a = 1; echo $a\necho $nope"), mode: .script)
    #expect(log.commands.map(\.text) == ["set a = 1", "echo $a", "echo $nope"])
    #expect(log.commands.map(\.status) == [.ok, .ok, .runtime])
    await shell.run(line: "echo --client-secret hunter2")
    #expect(log.commands.count == 3, "a line that may carry a secret is not kept")
  }
}
