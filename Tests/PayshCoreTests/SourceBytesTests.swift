import Testing

@testable import PayshCore

/// Scripts read as bytes: invalid UTF-8 is refused with its place and nothing runs; a BOM is dropped.
@Suite("Source bytes")
struct SourceBytesTests {
  func run(_ bytes: [UInt8]) async -> (PayshCore.ExitStatus, BufferedOutput) {
    let output = BufferedOutput()
    let shell = Interpreter(output: output)
    let status = await shell.run(SourceFile(name: "t.ops", bytes: bytes), mode: .script)
    return (status, output)
  }

  @Test func invalidUTF8IsRefusedWithItsLineAndColumnAndNothingRuns() async {
    let (status, output) = await run(Array("echo first\nfetch ".utf8) + [0xFF, 0xFF])
    #expect(status == .syntax)
    #expect(output.standardOutput.isEmpty, "no line may run")
    let errors = output.standardError
    #expect(errors.contains("invalid UTF-8 at line 2, column 7 (byte 0xFF)"), "\(errors)")
    #expect(errors.contains("t.ops:2:7"), "\(errors)")
    #expect(errors.contains("1 error in t.ops; nothing was run"), "\(errors)")
  }

  @Test(
    arguments: [
      [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xF8],
    ] as [[UInt8]])
  func malformedSequencesAreAllRefused(_ bad: [UInt8]) async {
    let (status, output) = await run(Array("echo é".utf8) + bad)
    #expect(status == .syntax)
    #expect(output.standardError.contains("invalid UTF-8 at line 1, column 7"), "\(output.standardError)")
  }

  @Test func wellFormedMultibyteTextRuns() async {
    let (status, output) = await run(Array("echo ₹12 é 😀".utf8))
    #expect(status == .ok, "\(output.standardError)")
    #expect(output.standardOutput == "₹12 é 😀\n")
  }

  @Test func aByteOrderMarkAtTheStartIsDropped() async {
    let (status, output) = await run([0xEF, 0xBB, 0xBF] + Array("echo ok".utf8))
    #expect(status == .ok, "\(output.standardError)")
    #expect(output.standardOutput == "ok\n")
    let fromText = Interpreter(output: output)
    #expect(await fromText.run(SourceFile(name: "t.ops", text: "\u{FEFF}echo again")) == .ok)
    #expect(output.standardOutput == "ok\nagain\n")
  }

  @Test func aLineOfStdinThatIsNotUTF8IsRefusedAndTheNextRuns() async {
    let output = BufferedOutput()
    let shell = Interpreter(output: output)
    #expect(await shell.run(lineBytes: Array("echo ".utf8) + [0xFE], name: "<stdin>", lineNumber: 4) == .syntax)
    #expect(output.standardError.contains("invalid UTF-8 at line 4, column 6"), "\(output.standardError)")
    #expect(await shell.run(lineBytes: Array("echo ok".utf8), name: "<stdin>", lineNumber: 5) == .ok)
    #expect(output.standardOutput == "ok\n")
  }

  @Test(arguments: [".", ".."])
  func dotIdsAreRefusedBeforeAnyRequest(_ id: String) async {
    let output = BufferedOutput()
    let shell = Interpreter(output: output)
    #expect(await shell.run(SourceFile(name: "t.ops", text: "fetch \(id)")) == .runtime)
    #expect(output.standardError.contains("invalid id: an id cannot be `\(id)`"), "\(output.standardError)")
  }

  @Test(arguments: [0x202E, 0x2066, 0x200F, 0x061C] as [UInt32])
  func bidiControlsInIdsAreNamedNotEchoed(_ value: UInt32) async throws {
    let scalar = try #require(Unicode.Scalar(value))
    let output = BufferedOutput()
    let shell = Interpreter(output: output)
    #expect(await shell.run(SourceFile(name: "t.ops", text: "fetch ab\(scalar)cd")) == .runtime)
    let errors = output.standardError
    let code =
      "U+" + String(repeating: "0", count: 4 - String(value, radix: 16).count)
      + String(value, radix: 16, uppercase: true)
    #expect(errors.contains("invalid id: the id holds the bidi control \(code) at character 3"), "\(errors)")
    #expect(!errors.unicodeScalars.contains(scalar), "the control is never written raw")
  }
}
