import ArgumentParser
import PayshCore
import PayshShell

#if canImport(Glibc)
import Glibc
#endif

/// Process-level wiring shared by the entry points: the environment, output, and file reading.
enum Launch {
  /// The process environment as a dictionary.
  static func environment() -> [String: String] { ProcessEnvironment.current() }

  /// An interpreter writing to stdout/stderr, coloured when stdout is a terminal and NO_COLOR is unset.
  ///
  /// Snapshots go to the session store at `store` (else `PAYSH_STORE`, else the XDG data folder), opened
  /// only when a command first needs it; `readOnly` opens a shared `.paysh` file without changing it. A
  /// store the user named (`--store`, `PAYSH_STORE`) in a folder that does not exist ends the process
  /// with status 1 and one line (only the default location's folders are made).
  static func interpreter(store: String? = nil, readOnly: Bool = false) -> Interpreter {
    interpreter(store: store, readOnly: readOnly) { $0 }
  }

  /// The shell at the prompt: as `interpreter(store:)`, with its results paged through `pager` when stdin
  /// and stdout are a terminal and a pager is set (`Pager.resolve`); no pager with `--no-pager`.
  static func interactive(store: String?, noPager: Bool) -> (shell: Interpreter, paging: REPL.Paging?) {
    let pager = noPager ? nil : Pager.resolve(environment: environment())
    var paging: REPL.Paging?
    let shell = interpreter(store: store, readOnly: false) { terminal in
      guard let pager, isatty(0) == 1, isatty(1) == 1 else { return terminal }
      let output = PagingOutput(terminal)
      paging = REPL.Paging(output: output, pager: pager)
      return output
    }
    return (shell, paging)
  }

  /// The interpreter on `output(stdout)`.
  static func interpreter(
    store: String?, readOnly: Bool, output: (StandardOutput) -> any OutputSink
  ) -> Interpreter {
    let environment = environment()
    let style = TextStyle.detect(isTerminal: isatty(1) == 1, environment: environment)
    let shell = Interpreter(
      output: output(StandardOutput(keepsStyle: style.colour)), style: style, environment: environment)
    shell.services.localSimulator = LocalSimulatorLink()
    shell.services.progress = TerminalProgressLine()  // nil unless stderr is a terminal
    switch StoreChoice.log(override: store, readOnly: readOnly, environment: environment) {
    case .success(let log): if let log { shell.services.snapshots = log }
    case .failure(let refusal):
      standardError("paysh: \(refusal)\n")
      exit(ExitStatus.usage.rawValue)
    }
    return shell
  }

  static func standardError(_ text: String) { StandardOutput().writeError(text) }

  /// Refuses `--store ""`: an empty path would quietly mean the default store, not the one meant.
  static func checkStoreOption(_ store: String?) throws {
    if store?.isEmpty == true {
      throw ValidationError("--store needs a path (leave it out for the default store, or give :memory:)")
    }
  }
}
