import CEditLine
import PayshCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The interactive front: reads lines (through libedit on a terminal, plainly otherwise) and runs them.
public enum REPL {
  /// Runs until `quit`, Ctrl-D or the end of input; returns the status to exit with.
  ///
  /// On a terminal: the line editor with prompt, history, completion and Ctrl-C handling. Otherwise
  /// (`echo help | paysh`): lines are read plainly, numbered for diagnostics as `<stdin>:N`, with no prompt.
  /// Either way the status is `quit`'s, or else the worst status seen.
  ///
  /// With `paging` (the shell's stdout is its `output`), results longer than the terminal go through its pager.
  public static func run(_ shell: Interpreter, paging: Paging? = nil) async -> ExitStatus {
    guard isatty(0) == 1, isatty(1) == 1, let session = InteractiveSession(shell, paging: paging) else {
      let carried = UncheckedSendable(shell)
      return await Task.onShellLoop { await runPlain(carried.value) }.value
    }
    return await session.run()
  }

  /// The output a shell at the prompt writes to, and the pager its long results go through.
  public struct Paging: Sendable {
    public let output: PagingOutput
    public let pager: Pager

    public init(output: PagingOutput, pager: Pager) {
      self.output = output
      self.pager = pager
    }
  }

  /// Runs the lines of stdin, without libedit.
  public static func runPlain(_ shell: Interpreter) async -> ExitStatus {
    var lineNumber = 0
    while let line = await EditorThread.run({ readLineBytes() }) {
      lineNumber += 1
      await shell.run(lineBytes: line, name: "<stdin>", lineNumber: lineNumber)
      if let status = shell.quitStatus { return status }
    }
    return shell.status
  }

  /// Stdin as a stream, opened once (the C library's `stdin` is a global Swift 6 will not share).
  nonisolated(unsafe) static let standardInput = fdopen(0, "r")

  /// The next line of stdin as bytes, without its `\n` or `\r\n` (nil at the end): bytes, so that a line
  /// which is not UTF-8 reaches the interpreter as it is and is refused there rather than repaired.
  static func readLineBytes() -> [UInt8]? {
    guard let input = standardInput else { return nil }
    var buffer: UnsafeMutablePointer<CChar>?
    var capacity = 0
    defer { free(buffer) }
    let count = getline(&buffer, &capacity, input)
    guard count >= 0, let buffer else { return nil }
    var line = Array(
      UnsafeBufferPointer(start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self), count: count))
    if line.last == 0x0A { line.removeLast() }
    if line.last == 0x0D { line.removeLast() }
    return line
  }
}

/// One interactive run of the shell on a terminal: the editor, the history file, and Ctrl-C.
final class InteractiveSession {
  let shell: Interpreter
  let editor: LineEditor
  let history: HistoryStore
  let interrupter: CommandInterrupter
  let paging: REPL.Paging?

  init?(_ shell: Interpreter, paging: REPL.Paging?) {
    let history = HistoryStore(environment: shell.environment)
    guard let editor = LineEditor(historyEntries: history.entries) else { return nil }
    self.shell = shell
    self.history = history
    self.editor = editor
    self.paging = paging
    self.interrupter = CommandInterrupter(output: shell.output)
    shell.diagnosticForm = .prompt
    // A question shows after what the line wrote before it.
    let held = paging?.output
    shell.services.prompter = { label, secret in
      held?.release()
      return try SecretPrompt.ask(label, secret: secret)
    }
  }

  /// The prompt loop.
  func run() async -> ExitStatus {
    if let problem = history.problem {
      shell.output.writeError("paysh: history will not be saved: \(problem)\n")
    }
    interrupter.start()
    defer { interrupter.stop() }
    while true {
      let prompt = Prompt.text(for: shell.context, style: shell.style)
      let completer = Completer(
        registry: shell.registry, context: shell.context, homeDirectory: shell.environment["HOME"],
        known: ShellKnownWords(shell))
      switch await editor.readLine(prompt: prompt, completer: completer) {
      case .endOfInput:
        shell.output.write("\n")
        return shell.status
      case .interrupted:
        shell.output.write("^C\n")
      case .line(let line):
        // A line holding a secret in use (pasted where an id goes) is kept out of history, as `auth` lines are.
        if !shell.services.redactor.containsKnownSecret(line), history.add(line) {
          editor.addHistory(HistoryStore.trimmed(line))
        }
        let paged = paging.flatMap { pages(line) ? $0 : nil }
        paged?.output.begin()
        _ = await interrupter.run(line, in: shell)
        if let paged { await show(paged.output.end(), paging: paged) }
        if let status = shell.quitStatus { return status }
      }
    }
  }

  /// True unless `line` runs a command whose output comes over time (`Pager.streamingCommands`).
  func pages(_ line: String) -> Bool {
    let script = Parser.parse(SourceFile(name: "<input>", text: line))
    return !script.commands.contains { node in
      guard let name = node.name.literal, let command = shell.registry.command(named: name) else { return false }
      return Pager.streamingCommands.contains(command.spec.name)
    }
  }

  /// Writes a line's held results: through the pager when they fill the terminal, else straight.
  func show(_ text: String, paging: REPL.Paging) async {
    guard !text.isEmpty else { return }
    let height = Int(paysh_terminal_rows(1))
    if height > 0, Pager.rows(of: text, columns: Int(paysh_terminal_columns(1))) >= height {
      let pager = paging.pager
      if await EditorThread.run({ pager.show(text) }) { return }
    }
    paging.output.writeSafe(text)
  }
}
