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
}
