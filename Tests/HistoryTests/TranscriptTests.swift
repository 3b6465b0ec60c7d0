import Testing

@Suite("Transcript placeholders")
struct TranscriptTests {
  @Test func placeholdersMatchAnyTextOnTheirLine() {
    let pattern = Transcript.Pattern("fetched in <<<ms>>> ms at <<<time>>>")
    #expect(pattern.matches("fetched in 12 ms at 10:00:01"))
    #expect(pattern.matches("fetched in  ms at "))
    #expect(!pattern.matches("fetched in 12 s at 10:00"))
    #expect(!pattern.matches("got in 12 ms at 10:00"))
    #expect(Transcript.Pattern("exact").matches("exact"))
    #expect(!Transcript.Pattern("exact").matches("exact "))
    #expect(Transcript.Pattern("<<<any>>>").matches("whatever"))
    #expect(!Transcript.Pattern("a<<<x>>>b").matches("ab-no"))
  }

  @Test func mismatchNamesTheLine() {
    #expect(Transcript.mismatch(expected: "a\nb <<<n>>>\n", actual: "a\nb 42\n") == nil)
    let problem = Transcript.mismatch(expected: "a\nb\n", actual: "a\nc\n")
    #expect(problem?.hasPrefix("line 2 differs") == true)
    #expect(Transcript.mismatch(expected: "a", actual: "a\nextra")?.contains("(end of transcript)") == true)
  }

  @Test func rerecordKeepsPlaceholdersThatStillMatch() {
    let old = "took <<<ms>>> ms\nstatus PAID\n"
    let new = "took 9 ms\nstatus ACTIVE\n"
    #expect(Transcript.rerecord(old: old, actual: new) == "took <<<ms>>> ms\nstatus ACTIVE\n")
    #expect(Transcript.rerecord(old: nil, actual: new) == new)
  }
}
