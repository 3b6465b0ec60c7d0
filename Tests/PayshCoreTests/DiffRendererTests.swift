import PayshCore
import PayshJSON
import Testing

/// How a diff reads: aligned plain text without colour codes, one line per change, long strings line by
/// line, "no differences" alone for identical inputs, and the `--json` shape.
@Suite("Diff rendering")
struct DiffRendererTests {
  func diff(_ old: String, _ new: String) throws -> DiffResult {
    JSONDiff().diff(try JSONParser.parse(Array(old.utf8)), try JSONParser.parse(Array(new.utf8)))
  }

  @Test func identicalInputsPrintNoDifferencesAndNothingElse() throws {
    let text = DiffRenderer(style: .plain).render(header: "@1 → @2", normalized: [], raw: try diff("{}", "{}"))
    #expect(text == "no differences\n")
  }

  @Test func plainTextIsAlignedWithoutEscapes() throws {
    let raw = try diff(
      #"{"order_status":"ACTIVE","cf_order_id":1,"gone":true}"#, #"{"order_status":"PAID","cf_order_id":"1","new":[]}"#)
    let normalized = [OrderDiff.Change(field: "status", old: "open", new: "paid", detail: "ACTIVE → PAID")]
    let text = DiffRenderer(style: .plain).render(header: "@1 → @2", normalized: normalized, raw: raw)
    #expect(
      text == """
        @1 → @2
        normalized
          status  open → paid  (ACTIVE → PAID)
        raw
          ~ .order_status  "ACTIVE" → "PAID"
          ~ .cf_order_id   1 → "1"  (number → string)
          - .gone          true
          + .new           []

        """)
    #expect(!text.contains("\u{1B}["))
  }

  @Test func colourWhenAsked() throws {
    let text = DiffRenderer(style: .ansi).render(header: nil, normalized: nil, raw: try diff(#"{"a":1}"#, #"{"a":2}"#))
    #expect(text.contains("\u{1B}[31m1\u{1B}[0m → \u{1B}[32m2\u{1B}[0m"))
  }

  @Test func longStringsAreShownLineByLine() throws {
    let raw = try diff(#"{"note":"line one\nline two\nline three"}"#, #"{"note":"line one\nline 2\nline three"}"#)
    let text = DiffRenderer(style: .plain).render(header: nil, normalized: nil, raw: raw)
    #expect(
      text == """
        raw
          ~ .note
                line one
              - line two
              + line 2
                line three

        """)
  }

  @Test func unicodeFormsAreExplained() throws {
    let raw = try diff("{\"n\":\"caf\u{E9}\"}", "{\"n\":\"cafe\u{301}\"}")
    let text = DiffRenderer(style: .plain).render(header: nil, normalized: nil, raw: raw)
    #expect(text.contains("(same text in another Unicode form)"))
  }

  @Test func ignoredChangesAreCountedInOneLine() throws {
    let result = JSONDiff(ignore: JSONDiff.volatileRules).diff(
      try JSONParser.parse(Array(#"{"payment_session_id":"a"}"#.utf8)),
      try JSONParser.parse(Array(#"{"payment_session_id":"b"}"#.utf8)))
    let text = DiffRenderer(style: .plain).render(header: nil, normalized: [], raw: result)
    #expect(text == "no differences (ignored 1 change: payment_session_id (1); --all shows them)\n")
    let named = DiffRenderer(style: .plain).render(header: nil, normalized: [], raw: result, between: ("@5", "@6"))
    #expect(named == "no differences between @5 and @6 (ignored 1 change: payment_session_id (1); --all shows them)\n")
  }

  @Test func jsonReportCarriesWholeValues() throws {
    let raw = try diff(#"{"p":[{"refund_id":"r1","s":"PENDING"}]}"#, #"{"p":[{"refund_id":"r1","s":"SUCCESS"}]}"#)
    let report = DiffRenderer.json(from: "@1", to: "@2", normalized: [], raw: raw)
    #expect(
      JSONPrinter.compact(report)
        == #"{"from":"@1","to":"@2","normalized":[],"raw":[{"op":"changed","path":".p[refund_id=\"r1\"].s","old":"PENDING","new":"SUCCESS"}],"ignored":[]}"#
    )
  }
}
