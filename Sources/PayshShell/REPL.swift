import PayshCore

#if canImport(Glibc)
  import Glibc
#endif

/// The interactive front: reads lines (through libedit on a terminal, plainly otherwise) and runs them.
public enum REPL {
  /// Runs until `quit`, Ctrl-D or the end of input; returns the status to exit with.
  public static func run(_ shell: Interpreter) async -> ExitStatus {
    var lineNumber = 0
    while let line = readLine(strippingNewline: true) {
      lineNumber += 1
      await shell.run(line: line, name: "<stdin>", lineNumber: lineNumber)
      if let status = shell.quitStatus { return status }
    }
    return shell.status
  }
}
