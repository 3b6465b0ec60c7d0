import PayshCore
import Testing

/// The small parts of an offline replay: which scripts need a store, batched output keeping order,
/// the recording's keys, and the script writer.
@Suite("Replay pieces")
struct ReplayPiecesTests {
  @Test(arguments: [
    ("use cashfree\nfetch x\nexpect status == paid\n", false), ("fetch x\nsave t1\n", true),
    ("fetch x; sessions", true),
    ("history", true), ("  open ticket\n", true), ("diff @ticket:1 @last\n", true), ("echo saved\n", false),
    ("fetch saver\n", false), ("# save this\nfetch x\n", false), ("export t --ops t.ops", true),
  ])
  func whichScriptsNeedAStore(_ text: String, _ expected: Bool) {
    #expect(ReplayRunner.needsStore(text) == expected, "\(text)")
  }

  @Test func batchedOutputKeepsResultsAndErrorsInOrder() {
    let target = BufferedOutput()
    let batched = BatchedOutput(target)
    batched.write("one\n")
    batched.write("two\n")
    #expect(target.transcript.isEmpty, "results wait")
    batched.writeError("oops\n")
    batched.write("three\n")
    batched.flush()
    #expect(target.transcript == "one\ntwo\noops\nthree\n")
  }

  @Test func scriptWriterKeepsAuthBareAndFailedLinesAsComments() {
    #expect(ScriptWriter.line("auth --profile prod", status: 0) == "auth")
    #expect(ScriptWriter.line("auth clear", status: 0) == "auth clear")
    #expect(ScriptWriter.line("auth show", status: 0) == "auth show")
    #expect(ScriptWriter.line("  fetch x --summary", status: 0) == "fetch x --summary")
    #expect(ScriptWriter.line("fetch nosuch", status: 3) == "# failed (exit 3): fetch nosuch")
    #expect(ScriptWriter.line("record stop", status: 0) == nil)
    #expect(ScriptWriter.line("replay t.ops", status: 0) == nil)
  }

  @Test func nonASCIIScriptsKeepTheirWords() {
    let source = SourceFile(name: "t", text: "echo ₹150 naïve")
    let script = Parser.parse(source)
    #expect(script.commands.first?.arguments.map(\.raw) == ["₹150", "naïve"])
  }

  @Test func urlsLoseTheirUserInfo() {
    #expect(Redactor().url("https://user:hunter2@api.example/pg?x=1") == "https://[redacted]@api.example/pg?x=1")
    #expect(Redactor().url("http://127.0.0.1:8080/pg/orders/a@b") == "http://127.0.0.1:8080/pg/orders/a@b")
    var context = ShellContext()
    context.gateway = "cashfree"
    context.baseURL = "http://me:secret@127.0.0.1:9/pg"
    #expect(ScriptWriter.useLine(context) == "use cashfree local --base-url http://[redacted]@127.0.0.1:9/pg")
  }

  @Test func reportsFailARunThatFailedWithoutAFailedExpect() {
    let outcome = ScriptOutcome(
      file: "w.ops", status: .expectation, expectations: [], fetches: 3, microseconds: 1_000,
      error: "w.ops:2:1: status == paid never held")
    #expect(outcome.summaryLine == "FAIL  w.ops  exit 4: w.ops:2:1: status == paid never held")
    #expect(ReportWriter.junit([outcome]).contains("tests=\"1\" failures=\"1\""))
    let tap = ReportWriter.tap([
      ScriptOutcome(
        file: "t.ops", status: .expectation,
        expectations: [
          ExpectationResult(
            file: "t.ops", line: 3, column: 1, condition: ".note contains \"# TODO\"", passed: false, expected: "x",
            actual: "y", snapshot: 1)
        ], fetches: 1, microseconds: 0)
    ])
    #expect(tap.contains("not ok 1 - t.ops: line 3: expect .note contains \"\\# TODO\""))
  }

  @Test func reportTargetsNeedAFileAfterTheEqualsSign() {
    #expect(throws: ReplayError.self) { try ReportWriter.Target("junit=") }
    #expect(throws: ReplayError.self) { try ReportWriter.Target("xml=a.xml") }
    #expect((try? ReportWriter.Target("tap"))?.file == nil)
  }
}
