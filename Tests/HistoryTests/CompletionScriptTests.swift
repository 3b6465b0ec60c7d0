import Foundation
import Testing

/// `paysh completions SHELL` and `paysh manual`: generated from the declarations, valid for their readers.
@Suite("Completion scripts and the man page")
struct CompletionScriptTests {
  @Test func bashZshAndFishScriptsAreGenerated() throws {
    let bash = try CommandLineTests.paysh(["completions", "bash"])
    #expect(bash.status == 0)
    #expect(
      bash.stdout.contains("-F _paysh paysh") && bash.stdout.contains("completions"), "\(bash.stdout.prefix(200))")
    let zsh = try CommandLineTests.paysh(["completions", "zsh"])
    #expect(zsh.status == 0 && zsh.stdout.hasPrefix("#compdef paysh"))
    let fish = try CommandLineTests.paysh(["completions", "fish"])
    #expect(fish.status == 0 && fish.stdout.contains("complete -c 'paysh'"))
    for sub in ["run", "sim", "open", "--no-pager", "--store"] {
      #expect(bash.stdout.contains(sub), "bash completes \(sub)")
    }
  }

  @Test func theBashScriptParses() throws {
    let bash = try CommandLineTests.paysh(["completions", "bash"])
    let file = NSTemporaryDirectory() + "paysh-completion-\(UUID().uuidString).bash"
    try bash.stdout.write(toFile: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: file) }
    let check = Process()
    check.executableURL = URL(fileURLWithPath: "/bin/bash")
    check.arguments = ["-n", file]
    try check.run()
    check.waitUntilExit()
    #expect(check.terminationStatus == 0)
  }

  @Test func anUnknownShellIsAUsageError() throws {
    let run = try CommandLineTests.paysh(["completions", "tcsh"])
    #expect(run.status == 1)
    #expect(run.stderr.contains("choose bash, zsh or fish"))
  }

  @Test func theManPageDocumentsTheCommandLineAndEveryShellCommand() throws {
    let run = try CommandLineTests.paysh(["manual"])
    #expect(run.status == 0)
    #expect(run.stdout.hasPrefix(".TH PAYSH 1"))
    for command in ["fetch", "watch", "diff", "history", "export", "import", "expect", "replay"] {
      #expect(run.stdout.contains(".B \(command)"), "the page documents \(command)")
    }
    #expect(run.stdout.contains(#"\-\-no\-pager"#) && run.stdout.contains("EXIT STATUS"))
    #expect(!run.stdout.contains("--"), "options are written with minus signs (\\-), not hyphens")
    let requests = run.stdout.split(separator: "\n").filter { $0.hasPrefix(".") || $0.hasPrefix("'") }
    let known: Set<String> = [".TH", ".SH", ".B", ".br", ".nf", ".fi", ".TP"]
    for line in requests {
      #expect(known.contains(String(line.prefix { $0 != " " })), "only the page's own requests start a line: \(line)")
    }
  }
}
