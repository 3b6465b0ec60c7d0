import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The built `paysh` driven through a pseudo-terminal, as a person types at it.
@Suite("Interactive shell on a pseudo-terminal", .serialized, .enabled(if: ChildProcess.binaryExists))
struct InteractiveShellTests {
  /// A shell on a new terminal with its own empty HOME and state folders under `folder`.
  func startShell(in folder: String, colour: Bool = false) throws -> ChildProcess {
    _ = mkdir(folder + "/home", 0o700)
    var environment = ["TERM": "xterm", "XDG_STATE_HOME": folder + "/state", "HOME": folder + "/home"]
    if !colour { environment["NO_COLOR"] = "1" }
    return try ChildProcess(environment: environment, terminal: true)
  }

  @Test func tabCompletesACommandName() throws {
    let folder = makeTemporaryFolder()
    defer { removeTree(folder) }
    let shell = try startShell(in: folder)
    #expect(shell.expect("paysh> "))
    shell.send("he\t")
    #expect(shell.expect("help "), "Tab should complete `he` to `help `: \(shell.screen)")
    shell.send("\r")
    #expect(shell.expect("paysh commands"))
    #expect(shell.expect("paysh> "))
    shell.send("use cashfree \t")
    #expect(shell.expect("local       production  sandbox"), "several candidates are listed: \(shell.screen)")
    // The line is shown again under the list: wait for it, so the prompt awaited after Ctrl-C is the new
    // one (matching this redisplayed prompt instead sent Ctrl-D while Ctrl-C was still being handled,
    // and the terminal's interrupt flush could swallow it: a CI flake).
    #expect(shell.expect("paysh> use cashfree "), "the line is shown again: \(shell.screen)")
    shell.send("\u{3}")
    #expect(shell.expect("^C\npaysh> "))
    shell.send("\u{4}")
    #expect(shell.waitForExit() == 0)
  }

  @Test func tabCompletesOrderIdsAndRefsFromWhatPayshHolds() throws {
    let folder = makeTemporaryFolder()
    defer { removeTree(folder) }
    let shell = try startShell(in: folder)
    #expect(shell.expect("paysh> "))
    shell.send("use cashfree\r")
    #expect(shell.expect("cashfree@local> "))
    shell.send("fetch cf_sim_exp\t")
    #expect(shell.expect("fetch cf_sim_expired "), "a fixture id of the simulator: \(shell.screen)")
    shell.send("--summary\r")
    #expect(shell.expect("@1"), "\(shell.screen)")
    #expect(shell.expect("cashfree@local> "))
    shell.send("show @\t")
    #expect(shell.expect("@1  cf_sim_expired · HTTP 200"), "@N is listed with what it is: \(shell.screen)")
    shell.send("\u{3}")
    #expect(shell.expect("^C\n"))
    shell.send("show @1 .order_st\t")
    #expect(shell.expect("show @1 .order_status "), "a path of the snapshot: \(shell.screen)")
    shell.send("\u{3}")
    #expect(shell.expect("^C\n"))
    shell.send("\u{4}")
    #expect(shell.waitForExit() == 0)
  }

  @Test func errorsAtThePromptReadAsAnswers() throws {
    let folder = makeTemporaryFolder()
    defer { removeTree(folder) }
    let shell = try startShell(in: folder)
    #expect(shell.expect("paysh> "))
    for _ in 0..<3 {
      shell.send("show @9\r")
      #expect(shell.expect("paysh> "))
    }
    shell.send("fech x\r")
    #expect(shell.expect("error: unknown command 'fech'\n  fech x\n  ^^^^ did you mean 'fetch'?"), "\(shell.screen)")
    #expect(shell.expect("paysh> "))
    let screen = shell.screen
    #expect(screen.contains("error: no snapshots yet in this session\n  hint: `fetch` an order first\n"), "\(screen)")
    #expect(!screen.contains("<input>"), "no place numbering at the prompt: \(screen)")
    #expect(!screen.contains("nothing was run"))
    #expect(!screen.contains("-->"))
    shell.send("\u{4}")
    #expect(shell.waitForExit() == 3, "the first failure is the shell's status")
  }

  @Test func ctrlCAbandonsTheLineAndTheShellGoesOn() throws {
    let folder = makeTemporaryFolder()
    defer { removeTree(folder) }
    let shell = try startShell(in: folder)
    #expect(shell.expect("paysh> "))
    shell.send("ech half")
    #expect(shell.expect("ech half"))
    shell.send("\u{3}")
    #expect(shell.expect("^C\npaysh> "), "a fresh prompt on a new line: \(shell.screen)")
    shell.send("echo alive\r")
    #expect(shell.expect("\nalive\n"), "the shell still runs commands: \(shell.screen)")
    #expect(!shell.screen.contains("unknown command"), "the abandoned line must not run")
    #expect(shell.expect("paysh> "))
    shell.send("\u{4}")
    #expect(shell.waitForExit() == 0)
  }

  @Test func ctrlCAtTheHiddenPromptCancelsAuthAndPutsTheTerminalBack() throws {
    let folder = makeTemporaryFolder()
    defer { removeTree(folder) }
    let shell = try startShell(in: folder)
    #expect(shell.expect("paysh> "))
    shell.send("use cashfree sandbox\r")
    #expect(shell.expect("paysh cashfree@sandbox> "))
    shell.send("auth\r")
    #expect(shell.expect("cashfree client_id: "), "\(shell.screen)")
    shell.send("CF_TEST_ID\r")
    #expect(shell.expect("cashfree client_secret (hidden): "), "\(shell.screen)")
    shell.send("half-typed")
    shell.send("\u{3}")
    #expect(shell.expect("^C"), "\(shell.screen)")
    #expect(shell.expect("interrupted"), "auth is cancelled at once: \(shell.screen)")
    #expect(shell.expect("paysh cashfree@sandbox> "), "back at the prompt: \(shell.screen)")
    shell.send("echo alive\r")
    #expect(shell.expect("\nalive\n"), "what is typed next is a command, not the secret: \(shell.screen)")
    #expect(!shell.screen.contains("half-typed"), "the abandoned secret was never echoed")
    shell.send("\u{4}")
    #expect(shell.waitForExit() == 3, "the shell's status is its first failure: the interrupted auth")
    var settings = termios()
    #expect(tcgetattr(shell.reader, &settings) == 0)
    #expect(settings.c_lflag & tcflag_t(ECHO) != 0, "echo is back on")
    #expect(settings.c_lflag & tcflag_t(ICANON) != 0, "the terminal is in its normal mode")
  }

  @Test func ctrlDOnAnEmptyLineQuitsWithStatusZero() throws {
    let folder = makeTemporaryFolder()
    defer { removeTree(folder) }
    let shell = try startShell(in: folder)
    #expect(shell.expect("paysh> "))
    shell.send("\u{4}")
    #expect(shell.waitForExit() == 0)
    #expect(shell.screen.hasSuffix("\n"))
  }

  @Test func quitEndsWithItsStatus() throws {
    let folder = makeTemporaryFolder()
    defer { removeTree(folder) }
    let shell = try startShell(in: folder)
    #expect(shell.expect("paysh> "))
    shell.send("quit 4\r")
    #expect(shell.waitForExit() == 4)
  }

  @Test func historyWrittenByOneRunIsRecalledByTheNext() throws {
    let folder = makeTemporaryFolder()
    defer { removeTree(folder) }
    let first = try startShell(in: folder)
    #expect(first.expect("paysh> "))
    first.send("echo remembered\r")
    #expect(first.expect("\nremembered\n"))
    #expect(first.expect("paysh> "))
    first.send("\u{4}")
    #expect(first.waitForExit() == 0)
    #expect(readFile(folder + "/state/paysh/history")?.contains("echo remembered\n") == true)

    let second = try startShell(in: folder)
    #expect(second.expect("paysh> "))
    second.send("\u{1B}[A")
    #expect(second.expect("echo remembered"), "Up brings back the last line: \(second.screen)")
    second.send("\r")
    #expect(second.expect("\nremembered\n"))
    #expect(second.expect("paysh> "))
    second.send("\u{4}")
    #expect(second.waitForExit() == 0)
  }

  @Test func ctrlRSearchesHistory() throws {
    let folder = makeTemporaryFolder()
    defer { removeTree(folder) }
    _ = mkdir(folder + "/state", 0o700)
    _ = mkdir(folder + "/state/paysh", 0o700)
    writeFile(folder + "/state/paysh/history", "echo needle\nhelp\nvars\n")
    let shell = try startShell(in: folder)
    #expect(shell.expect("paysh> "))
    shell.send("\u{12}")
    shell.send("need")
    #expect(shell.expect("echo needle"), "Ctrl-R finds the older line: \(shell.screen)")
    shell.send("\r")
    #expect(shell.expect("\nneedle\n"), "the found line runs: \(shell.screen)")
    #expect(shell.expect("paysh> "))
    shell.send("\u{4}")
    #expect(shell.waitForExit() == 0)
  }

  @Test func aLineWithASecretNeverReachesTheHistoryFile() throws {
    let folder = makeTemporaryFolder()
    defer { removeTree(folder) }
    let shell = try startShell(in: folder)
    #expect(shell.expect("paysh> "))
    shell.send("auth secret123\r")
    #expect(shell.expect("paysh> "))
    shell.send("echo after\r")
    #expect(shell.expect("\nafter\n"))
    #expect(shell.expect("paysh> "))
    shell.send("\u{4}")
    _ = shell.waitForExit()
    let history = readFile(folder + "/state/paysh/history") ?? ""
    #expect(history.contains("echo after"))
    #expect(!history.contains("secret123"))
  }

  @Test func nonASCIIInputSurvives() throws {
    let folder = makeTemporaryFolder()
    defer { removeTree(folder) }
    let shell = try startShell(in: folder)
    #expect(shell.expect("paysh> "))
    shell.send("echo café ₹22\r")
    #expect(shell.expect("\ncafé ₹22\n"), "\(shell.screen)")
    #expect(shell.expect("paysh> "))
    shell.send("\u{4}")
    #expect(shell.waitForExit() == 0)
    #expect(readFile(folder + "/state/paysh/history")?.contains("echo café ₹22") == true)
  }

  @Test func promptShowsGatewayAndEnvironment() throws {
    let folder = makeTemporaryFolder()
    defer { removeTree(folder) }
    let shell = try startShell(in: folder)
    #expect(shell.expect("paysh> "))
    shell.send("use cashfree s\t")
    #expect(shell.expect("use cashfree sandbox "))
    shell.send("\r")
    #expect(shell.expect("paysh cashfree@sandbox> "))
    shell.send("\u{4}")
    #expect(shell.waitForExit() == 0)
  }

  @Test func colouredProductionPromptKeepsTheCursorInPlace() throws {
    let folder = makeTemporaryFolder()
    defer { removeTree(folder) }
    let shell = try startShell(in: folder, colour: true)
    #expect(shell.expect("paysh> "))
    shell.send("use cashfree production\r")
    #expect(shell.expect("paysh cashfree@production> "))
    #expect(shell.raw.contains("paysh \u{1B}[31m\u{1B}[1mcashfree@production\u{1B}[0m\u{1B}[0m> "))
    // Ctrl-A then X: the cursor goes to column 28, just after the 27 visible characters of the prompt.
    shell.send("abc\u{1}X")
    #expect(shell.expect("Xabc"))
    #expect(shell.raw.contains("\u{1B}[28GXabc"), "\(shell.raw.debugDescription)")
    shell.send("\u{3}")
    #expect(shell.expect("paysh cashfree@production> "))
    shell.send("\u{4}")
    #expect(shell.waitForExit() == 0)
  }
}
