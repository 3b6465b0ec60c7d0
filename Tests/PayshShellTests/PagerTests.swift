import CEditLine
import PayshCore
import Testing

@testable import PayshShell

#if canImport(Glibc)
import Glibc
#endif

/// Results longer than the terminal go through the pager at the prompt, and nowhere else.
@Suite("The pager", .serialized, .enabled(if: ChildProcess.binaryExists))
struct PagerTests {
  /// A pager that marks every line it shows, so the screen tells paged text from text written straight.
  static let markingPager = "sed 's/^/PAGER| /'"

  /// A shell on a 12-row terminal with `pager` as PAYSH_PAGER (nil: unset).
  func startShell(in folder: String, pager: String?, arguments: [String] = []) throws -> ChildProcess {
    _ = mkdir(folder + "/home", 0o700)
    var environment = [
      "TERM": "xterm", "NO_COLOR": "1", "XDG_STATE_HOME": folder + "/state", "HOME": folder + "/home",
    ]
    if let pager { environment["PAYSH_PAGER"] = pager }
    let shell = try ChildProcess(arguments, environment: environment, terminal: true)
    _ = paysh_set_terminal_size(shell.reader, 12, 80)
    return shell
  }

  @Test func longResultsGoThroughThePagerShortOnesDoNot() throws {
    let folder = makeTemporaryFolder()
    defer { removeTree(folder) }
    let shell = try startShell(in: folder, pager: Self.markingPager)
    #expect(shell.expect("paysh> "))
    shell.send("help\r")
    #expect(shell.expect("PAGER| paysh commands"), "help is longer than 12 rows: \(shell.screen)")
    #expect(shell.expect("paysh> "))
    shell.send("echo short\r")
    #expect(shell.expect("short\npaysh> "), "one line is written straight: \(shell.screen)")
    #expect(!shell.screen.contains("PAGER| short"))
    shell.send("\u{4}")
    #expect(shell.waitForExit() == 0)
  }

  @Test func noPagerEmptyPagerAndCommandLinesNeverPage() throws {
    for (pager, arguments) in [(Self.markingPager, ["--no-pager"]), ("", [])] {
      let folder = makeTemporaryFolder()
      defer { removeTree(folder) }
      let shell = try startShell(in: folder, pager: pager, arguments: arguments)
      #expect(shell.expect("paysh> "))
      shell.send("help\r")
      #expect(shell.expect("paysh commands"))
      #expect(shell.expect("paysh> "))
      #expect(!shell.screen.contains("PAGER|"), "\(arguments) \(pager): \(shell.screen)")
      shell.send("\u{4}")
      #expect(shell.waitForExit() == 0)
    }
    let folder = makeTemporaryFolder()
    defer { removeTree(folder) }
    let oneLiner = try startShell(in: folder, pager: Self.markingPager, arguments: ["-c", "help"])
    #expect(oneLiner.waitForExit() == 0)
    #expect(oneLiner.screen.contains("paysh commands"))
    #expect(!oneLiner.screen.contains("PAGER|"), "-c never pages: \(oneLiner.screen)")
  }

  @Test func aPagerThatCannotRunLosesNothing() throws {
    let folder = makeTemporaryFolder()
    defer { removeTree(folder) }
    let shell = try startShell(in: folder, pager: "no-such-pager-\(getpid())")
    #expect(shell.expect("paysh> "))
    shell.send("help\r")
    #expect(shell.expect("paysh commands"), "written straight when the pager is missing: \(shell.screen)")
    #expect(shell.expect("paysh> "))
    shell.send("\u{4}")
    #expect(shell.waitForExit() == 0)
  }

  /// A pager that fails (a bad option, `false`) has shown nothing: the text is written straight instead.
  @Test func aPagerThatFailsLosesNothing() {
    #expect(!Pager(command: "false").show("lost?\n"))
    #expect(!Pager(command: "cat >/dev/null; exit 1").show(String(repeating: "x\n", count: 100_000)))
    #expect(Pager(command: "cat >/dev/null").show("shown\n"))
    #expect(Pager(command: "head -c 1 >/dev/null").show(String(repeating: "x\n", count: 100_000)), "q in less")
  }

  @Test func watchIsNeverHeldBack() {
    #expect(Pager.streamingCommands.isSubset(of: Set(Registry.standard.allNames)))
  }

  @Test func rowsCountWrappedLinesAndSkipColourCodes() {
    #expect(Pager.rows(of: "a\nb\n", columns: 80) == 2)
    #expect(Pager.rows(of: String(repeating: "x", count: 170) + "\n", columns: 80) == 3)
    #expect(Pager.rows(of: "\u{1B}[1m" + String(repeating: "x", count: 80) + "\u{1B}[0m\n", columns: 80) == 1)
    #expect(Pager.rows(of: "\n\n", columns: 80) == 2)
  }

  @Test func theEnvironmentChoosesThePager() {
    #expect(Pager.resolve(environment: ["PAYSH_PAGER": "most", "PAGER": "more"]) == Pager(command: "most"))
    #expect(Pager.resolve(environment: ["PAGER": "more"]) == Pager(command: "more"))
    #expect(Pager.resolve(environment: ["PAYSH_PAGER": " ", "PAGER": "more"]) == nil)
    #expect(Pager.resolve(environment: ["PATH": "/nonexistent"]) == nil, "no less installed: no pager")
  }
}
