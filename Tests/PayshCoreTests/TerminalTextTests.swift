import PayshJSON
import Testing

@testable import PayshCore

@Suite("Text made safe for a terminal")
struct TerminalTextTests {
  static let hostile = "\u{1B}[31mRED\u{1B}[0m\r\nfake line\u{07}\u{1B}]0;pwned\u{07}\u{9B}2J\u{202E}txt\u{2066}"

  @Test func inlineEscapesEveryControlNewlinesIncluded() {
    let shown = TerminalText.inline(Self.hostile)
    #expect(shown == "\\u{1B}[31mRED\\u{1B}[0m\\r\\nfake line\\u{7}\\u{1B}]0;pwned\\u{7}\\u{9B}2J\\u{202E}txt\\u{2066}")
    for scalar in shown.unicodeScalars { #expect(!TerminalText.needsEscape(scalar)) }
  }

  @Test func ordinaryTextIsReturnedAsItIs() {
    for text in ["₹22.00 · paid", "Johmn Doe · pmlpayme@ntsas.com", "→ … • ×", "naïve café 日本", ""] {
      #expect(TerminalText.inline(text) == text)
      #expect(TerminalText.safe(text + "\n\t", keepingStyle: false) == text + "\n\t")
    }
  }

  @Test func theSinkFilterKeepsLinesAndOwnColoursOnly() {
    let own = TextStyle.ansi.red("x") + "\n"
    #expect(TerminalText.safe(own, keepingStyle: true) == own)
    #expect(TerminalText.safe(own, keepingStyle: false) == "\\u{1B}[31mx\\u{1B}[0m\n")
    let out = TerminalText.safe(Self.hostile, keepingStyle: true)
    // The SGR codes may pass with colour on; nothing else that acts on a terminal does.
    #expect(!out.contains("\u{07}") && !out.contains("\r") && !out.contains("\u{1B}]") && !out.contains("\u{9B}"))
    #expect(!out.contains("\u{202E}"))
    #expect(!TerminalText.safe(Self.hostile, keepingStyle: false).contains("\u{1B}"))
    // Only paysh's own codes: not 256 colours, not conceal.
    #expect(TerminalText.safe("\u{1B}[38;5;123mx\u{1B}[8m", keepingStyle: true) == "\\u{1B}[38;5;123mx\\u{1B}[8m")
    for style in [TextStyle.ansi.bold("b"), TextStyle.ansi.dim("d"), TextStyle.ansi.cyan("c")] {
      #expect(TerminalText.safe(style, keepingStyle: true) == style)
    }
  }

  @Test func everySinkFiltersWhatItIsGiven() {
    let buffered = BufferedOutput()
    buffered.write(Self.hostile)
    buffered.writeError(Self.hostile)
    #expect(!buffered.transcript.contains("\u{07}") && !buffered.transcript.contains("\r"))
  }

  @Test func prettyJSONEscapesBidiAndC1ControlsAsJSON() throws {
    let value = try JSONParser.parse(Array("{\"n\":\"a\\u202eb\\u0085c\\u007f\"}".utf8))
    let pretty = JSONPrinter(style: .plain).pretty(value)
    #expect(pretty.contains("\"a\\u202eb\\u0085c\\u007f\""))
    #expect(try JSONParser.parse(Array(pretty.utf8)) == value)
    // The wire form keeps them as they are.
    #expect(JSONPrinter.compact(value).contains("a\u{202E}b"))
  }
}

@Suite("Shell words")
struct ShellWordTests {
  @Test func textIsQuotedSoNothingEscapesIt() {
    #expect(ShellWord.text("plain-id_1.x").rendered == "plain-id_1.x")
    #expect(ShellWord.text("r'$(touch pwned)").rendered == "'r'\\''$(touch pwned)'")
    #expect(ShellWord.text("a\nb\u{1B}").rendered == "$'a\\nb\\x1B'")
    #expect(ShellWord.text("").rendered == "''")
    #expect(ShellWord.text("=cmd").rendered == "'=cmd'")
  }

  @Test func variablesExpandAndTextAroundThemDoesNot() {
    #expect(
      ShellWord([.text("x-client-secret: "), .variable("CF_SECRET")]).rendered == "\"x-client-secret: $CF_SECRET\"")
    #expect(ShellWord([.variable("KEY"), .text("x")]).rendered == "\"${KEY}x\"")
    #expect(ShellWord([.text("`id`|"), .variable("KEY")]).rendered == "'`id`|'\"$KEY\"")
    // A name that is not a shell name is text, never code.
    #expect(ShellWord([.variable("X$(id)")]).rendered == "'$X$(id)'")
  }
}
