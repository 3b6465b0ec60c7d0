import ArgumentParser
import PayshCore
import PayshShell

#if canImport(Glibc)
import Glibc
#endif

/// `paysh`: the shell, a script runner (`paysh run`), one-liners (`paysh -c`), and the simulator (`paysh sim`).
struct Paysh: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "paysh",
    abstract: "An interactive shell for investigating payment orders across Cashfree, Paytring and EnKash.",
    discussion: """
      With no arguments on a terminal, starts the interactive shell; with lines on stdin, runs them.
      Exit status: 0 ok, 1 usage, 2 script syntax, 3 runtime (network, auth, gateway), 4 an expectation failed.
      """,
    version: PayshVersion.current,
    subcommands: [RunCommand.self, SimCommand.self, OpenFileCommand.self, CompletionsCommand.self, ManualCommand.self]
  )

  @Option(
    name: .customLong("store"),
    help: ArgumentHelp(
      "The session store (default $PAYSH_STORE, else $XDG_DATA_HOME/paysh/paysh.sqlite).", valueName: "PATH"))
  var store: String?

  @Option(
    name: .customShort("c"),
    help: ArgumentHelp("Run these commands (`;` separates them) and exit.", valueName: "COMMANDS"))
  var commands: String?

  @Flag(help: "Never page output at the prompt (also PAYSH_PAGER=).")
  var noPager = false

  func validate() throws { try Launch.checkStoreOption(store) }

  func run() async throws {
    if let commands {
      let carried = UncheckedSendable(Launch.interpreter(store: store))
      let status = await ScriptSignals.run {
        await carried.value.run(
          SourceFile(name: "<command line>", bytes: RawArguments.bytes(of: commands)), mode: .script)
      }
      throw ExitCode(status.rawValue)
    }
    let (shell, paging) = Launch.interactive(store: store, noPager: noPager)
    let status = await REPL.run(shell, paging: paging)
    throw ExitCode(status.rawValue)
  }
}

/// `paysh run FILE.ops [--var k=v]…`: run a script.
struct RunCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run an .ops script, or every .ops script in a folder.",
    discussion: """
      Each script is checked whole first: one with mistakes reports all of them and runs nothing (exit 2). \
      Live by default; --offline answers every fetch from a recorded session (--session NAME or FILE.paysh; \
      by default the .paysh beside the script), with no network and a frozen clock; --compare fetches live \
      and diffs each answer with the recording. A script does not change your stored sessions or write \
      files: a line that would (drop, open, import, export, record, a report) stops it, unless \
      --allow-store-changes; `save` names the script's own session (a taken name gets a suffix). \
      Exit status: 0 ok, 1 usage, 2 syntax, 3 runtime, 4 an expectation failed (the worst over all scripts).
      """
  )

  @Argument(help: ArgumentHelp("The script to run, or a folder of scripts.", valueName: "FILE.ops|DIR"))
  var file: String

  @Option(
    name: .customLong("var"), help: ArgumentHelp("Set a variable before the script runs.", valueName: "NAME=VALUE"))
  var variables: [String] = []

  @Option(
    name: .customLong("store"),
    help: ArgumentHelp("The session store (default $PAYSH_STORE, else the XDG data folder).", valueName: "PATH"))
  var store: String?

  /// `paysh --store X run …` and `paysh run --store X …` both land on the root's `--store`.
  @ParentCommand var root: Paysh

  @Flag(help: "Answer every fetch from a recorded session: no network, a frozen clock.")
  var offline = false

  @Option(help: ArgumentHelp("The recording for --offline.", valueName: "NAME|FILE.paysh"))
  var session: String?

  @Option(help: ArgumentHelp("Fetch live and diff each answer with this recording.", valueName: "NAME|FILE.paysh"))
  var compare: String?

  @Flag(help: "Stop at the first failed expect.")
  var failFast = false

  @Flag(help: "Let the script drop, open or import sessions, export, record and write reports (refused otherwise).")
  var allowStoreChanges = false

  @Option(help: ArgumentHelp("A test report: junit=FILE, tap[=FILE], json[=FILE].", valueName: "FORMAT[=FILE]"))
  var report: [String] = []

  var options: ReplayOptions {
    var options = ReplayOptions()
    options.offline = offline
    options.session = session
    options.compare = compare
    options.failFast = failFast
    options.allowStoreChanges = allowStoreChanges
    for variable in variables {
      if let equals = variable.firstIndex(of: "=") {
        options.variables[String(variable[..<equals])] = String(variable[variable.index(after: equals)...])
      }
    }
    return options
  }

  func validate() throws {
    try Launch.checkStoreOption(store)
    for variable in variables {
      guard let equals = variable.firstIndex(of: "="), equals != variable.startIndex else {
        throw ValidationError("--var '\(variable)' must be NAME=VALUE")
      }
      guard ShellContext.isVariableName(String(variable[..<equals])) else {
        throw ValidationError(
          "--var '\(variable)': a variable name is letters, digits and _, not starting with a digit")
      }
    }
    if let problem = options.problem { throw ValidationError(problem) }
    for item in report {
      do {
        _ = try ReportWriter.Target(item)
      } catch {
        throw ValidationError(error.message)
      }
    }
  }

  func run() async throws {
    let shell = Launch.interpreter(store: store ?? root.store)
    let batch: ScriptBatch
    do {
      batch = try ScriptBatch(path: file)
    } catch {
      Launch.standardError("paysh: \(error.message)\n")
      throw ExitCode(ExitStatus.usage.rawValue)
    }
    let targets = report.compactMap { try? ReportWriter.Target($0) }
    do {
      let (carried, options) = (UncheckedSendable(shell), options)
      let outcomes = try await ScriptSignals.run { () -> Swift.Result<[ScriptOutcome], any Error> in
        do {
          return .success(try await batch.run(ReplayRunner(parent: carried.value, options: options), reports: targets))
        } catch {
          return .failure(error)
        }
      }.get()
      throw ExitCode(ScriptBatch.status(outcomes).rawValue)
    } catch let error as ReplayError {
      Launch.standardError("paysh: \(error.message)\n")
      throw ExitCode(ExitStatus.usage.rawValue)
    }
  }
}
