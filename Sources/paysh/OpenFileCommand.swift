import ArgumentParser
import PayshCore
import PayshShell

/// `paysh open FILE.paysh [--commands COMMANDS]`: look inside a shared session without importing it.
///
/// The file is checked (damaged, foreign and newer files are refused with one line) and opened read-only:
/// its snapshots are `@1…`, and `show`, `history`, `curl`, `sessions` and `export --har` work; fetching
/// and saving are refused, and nothing is written to the file.
struct OpenFileCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "open",
    abstract: "Open a shared .paysh session read-only, without importing it.",
    discussion: "To keep it and add to it, run `import FILE.paysh` in the shell instead."
  )

  @Argument(help: ArgumentHelp("The shared session file.", valueName: "FILE.paysh"))
  var file: String

  @Option(
    name: .customLong("commands"),
    help: ArgumentHelp("Run these commands (`;` separates them) on the file and exit.", valueName: "COMMANDS"))
  var commands: String?

  func run() async throws {
    let shell = Launch.interpreter(store: file, readOnly: true)
    if let log = shell.services.snapshots as? StoredSnapshotLog {
      do {
        let store = try log.store()
        if let session = log.currentSession {
          shell.context.refs = try store.tags(session: session).mapValues { SnapshotRef.index($0) }
          let count = try store.count(session: session)
          if commands == nil {
            Launch.standardError("paysh: \(file) open read-only: \(Counted.text(count, "snapshot"))\n")
          }
        }
      } catch {
        // A file that cannot be read, or is not a session file paysh can open, is a usage error (exit 1).
        Launch.standardError("paysh: \(error)\n")
        throw ExitCode(ExitStatus.usage.rawValue)
      }
    }
    if let commands {
      let carried = UncheckedSendable(shell)
      let status = await ScriptSignals.run {
        await carried.value.run(
          SourceFile(name: "<command line>", bytes: RawArguments.bytes(of: commands)), mode: .script)
      }
      throw ExitCode(status.rawValue)
    }
    let status = await REPL.run(shell)
    throw ExitCode(status.rawValue)
  }
}
