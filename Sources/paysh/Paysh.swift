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
    subcommands: [RunCommand.self, SimCommand.self, OpenFileCommand.self]
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

  func run() async throws {
    let shell = Launch.interpreter(store: store)
    if let commands {
      let status = await shell.run(SourceFile(name: "<command line>", text: commands), mode: .script)
      throw ExitCode(status.rawValue)
    }
    let status = await REPL.run(shell)
    throw ExitCode(status.rawValue)
  }
}

/// `paysh run FILE.ops [--var k=v]…`: run a script.
struct RunCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run an .ops script.",
    discussion:
      "The whole script is checked first: a script with mistakes reports all of them and runs nothing (exit 2)."
  )

  @Argument(help: ArgumentHelp("The script to run.", valueName: "FILE.ops"))
  var file: String

  @Option(
    name: .customLong("var"), help: ArgumentHelp("Set a variable before the script runs.", valueName: "NAME=VALUE"))
  var variables: [String] = []

  @Option(
    name: .customLong("store"),
    help: ArgumentHelp("The session store (default $PAYSH_STORE, else the XDG data folder).", valueName: "PATH"))
  var store: String?

  func validate() throws {
    for variable in variables {
      guard let equals = variable.firstIndex(of: "="), equals != variable.startIndex else {
        throw ValidationError("--var '\(variable)' must be NAME=VALUE")
      }
    }
  }

  func run() async throws {
    guard let text = Launch.readFile(file) else {
      Launch.standardError("paysh: cannot read \(file): \(FileText.lastError())\n")
      throw ExitCode(ExitStatus.usage.rawValue)
    }
    let shell = Launch.interpreter(store: store)
    for variable in variables {
      let equals = variable.firstIndex(of: "=")!
      shell.context.variables[String(variable[..<equals])] = String(variable[variable.index(after: equals)...])
    }
    let status = await shell.run(SourceFile(name: file, text: text), mode: .script)
    throw ExitCode(status.rawValue)
  }
}
