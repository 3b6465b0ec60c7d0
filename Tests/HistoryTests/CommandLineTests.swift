import Foundation
import Testing

/// The `paysh` binary's entry points and exit statuses, run as a user would run them.
@Suite("paysh entry points and exit statuses")
struct CommandLineTests {
  struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static func paysh(_ arguments: [String], stdin: String? = nil) throws -> Run {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: HistoryTests.binary)
    process.arguments = arguments
    process.currentDirectoryURL = HistoryTests.root
    process.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "NO_COLOR": "1"]
    let out = Pipe()
    let err = Pipe()
    let input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = stdin == nil ? FileHandle.nullDevice : input
    try process.run()
    if let stdin {
      input.fileHandleForWriting.write(Data(stdin.utf8))
      try input.fileHandleForWriting.close()
    }
    let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
    DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
    defer { watchdog.cancel() }
    let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
    let stderrData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(
      status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
      stderr: String(decoding: stderrData, as: UTF8.self))
  }

  @Test func okIsZero() throws {
    let run = try Self.paysh(["-c", "set x = 1; echo x=$x"])
    #expect(run.status == 0)
    #expect(run.stdout == "x=1\n")
    #expect(run.stderr.isEmpty)
  }

  /// `verify --body -` reads the body piped in. Signed with Python's hmac:
  /// `base64(hmac(b"TEST_SIM_CF_CLIENT_SECRET", b"1736000000000" + body, sha256))`.
  @Test func verifyReadsTheBodyFromStandardInput() throws {
    let body =
      #"{"data":{"order":{"order_id":"cf_sim_paid","order_amount":170.00,"order_currency":"INR"}},"type":"PAYMENT_SUCCESS_WEBHOOK"}"#
    let line =
      "use cashfree; verify --body - --signature 'SIGNATURE' --timestamp 1736000000000 --received-at 1736000000000"
    let run = try Self.paysh(
      ["-c", line.replacingOccurrences(of: "SIGNATURE", with: Self.pythonSignature)], stdin: body)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("signature: ok (made with the client_secret of cashfree local)"), "\(run.stdout)")
    #expect(run.stdout.hasSuffix("verified\n"))
  }

  static let pythonSignature = "fg/Y89xrmtAiupZ+5sv9gHmJYha+x4vDrKt60FC9Sb0="

  @Test func usageIsOne() throws {
    let unknown = try Self.paysh(["--bogus"])
    #expect(unknown.status == 1)
    #expect(unknown.stderr.contains("Unknown option '--bogus'"))
    let missing = try Self.paysh(["run", "history/no-such-script.ops"])
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("cannot read history/no-such-script.ops"))
    let badVar = try Self.paysh(["run", "history/help.ops", "--var", "novalue"])
    #expect(badVar.status == 1)
  }

  @Test(arguments: [["run", "STORE_FIRST"], ["STORE_ROOT"], ["run", "STORE_LAST"]])
  func runWritesToTheStoreGivenWithStoreWhereverItIsWritten(_ form: [String]) throws {
    let folder = NSTemporaryDirectory() + "paysh-store-flag-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let store = folder + "/s.sqlite"
    let script = "history/help.ops"
    let arguments: [String]
    switch form.last {
    case "STORE_FIRST": arguments = ["run", "--store", store, script]
    case "STORE_ROOT": arguments = ["--store", store, "run", script]
    default: arguments = ["run", script, "--store", store]
    }
    try "use cashfree\nfetch cf_sim_paid --summary\nsave flagged\n".write(
      toFile: folder + "/s.ops", atomically: true, encoding: .utf8)
    let run = try Self.paysh(arguments.map { $0 == script ? folder + "/s.ops" : $0 })
    #expect(run.status == 0, "\(run.stderr)")
    let listed = try Self.paysh(["--store", store, "-c", "sessions"])
    #expect(listed.stdout.contains("flagged"), "\(listed.stdout)")
  }

  @Test func syntaxIsTwoAndNothingRuns() throws {
    let run = try Self.paysh(["-c", "echo ran; fech x"])
    #expect(run.status == 2)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.contains("<command line>:1:11"))
  }

  @Test func runtimeIsThree() throws {
    let run = try Self.paysh(["-c", "echo $nope"])
    #expect(run.status == 3)
    #expect(run.stderr.contains("variable $nope is not set"))
  }

  @Test func quitCarriesAStatus() throws {
    #expect(try Self.paysh(["-c", "quit 4"]).status == 4)
    #expect(try Self.paysh(["-c", "exit 0; echo no"]).stdout.isEmpty)
  }

  @Test func helpAndVersionAreZero() throws {
    let help = try Self.paysh(["--help"])
    #expect(help.status == 0)
    #expect(help.stdout.contains("USAGE: paysh"))
    let version = try Self.paysh(["--version"])
    #expect(version.status == 0)
    #expect(!version.stdout.isEmpty)
  }

  @Test func linesOnStdinRunOneByOne() throws {
    let run = try Self.paysh([], stdin: "echo one\nfech\necho two\n")
    #expect(run.stdout == "one\ntwo\n", "a failing line does not stop the rest")
    #expect(run.stderr.contains("<stdin>:2:1"))
    #expect(run.status == 2, "the status is that of the first failure")
    let help = try Self.paysh([], stdin: "help\n")
    #expect(help.status == 0)
    #expect(help.stdout.contains("paysh commands"))
  }
}
