import CEditLine
import PayshCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The program that shows output longer than the terminal, as git and psql do: `$PAYSH_PAGER`, else
/// `$PAGER`, else `less -FRX` (when less is installed). Set either to an empty string, or start paysh with
/// `--no-pager`, to turn paging off. Only the interactive shell pages; scripts, pipes and `-c` never do.
public struct Pager: Sendable, Equatable {
  /// The shell command the output is piped into (run by `/bin/sh -c`).
  public var command: String

  public init(command: String) { self.command = command }

  /// The pager `environment` asks for; nil when paging is off or no pager is installed.
  public static func resolve(environment: [String: String]) -> Pager? {
    for name in ["PAYSH_PAGER", "PAGER"] {
      if let chosen = environment[name] {
        let trimmed = chosen.trimmingBlanks
        return trimmed.isEmpty ? nil : Pager(command: trimmed)
      }
    }
    let path = environment["PATH"] ?? "/usr/bin:/bin"
    let hasLess = path.split(separator: ":").contains { access("\($0)/less", X_OK) == 0 }
    return hasLess ? Pager(command: "less -FRX") : nil
  }

  /// Commands whose output comes over time (a line per fetch, a script's lines as they run): never held
  /// back for the pager, so each line shows when it is made.
  public static let streamingCommands: Set<String> = ["watch", "replay"]

  /// The rows `text` fills on a terminal `columns` wide (long lines wrap; colour codes take no room).
  public static func rows(of text: String, columns: Int) -> Int {
    let width = max(1, columns)
    var rows = 0
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(text.hasSuffix("\n") ? 1 : 0) {
      let visible = visibleWidth(of: line)
      rows += max(1, (visible + width - 1) / width)
    }
    return rows
  }

  /// The characters of `line` a terminal shows, its colour codes (`ESC [ … m`) left out.
  static func visibleWidth(of line: Substring) -> Int {
    var width = 0
    var inCode = false
    for character in line {
      if inCode {
        if character == "m" { inCode = false }
      } else if character == "\u{1B}" {
        inCode = true
      } else {
        width += 1
      }
    }
    return width
  }

  /// Shows `text` (already safe for the terminal) in the pager and waits for it to quit. False when the
  /// pager could not run (no shell, the command not found: status 126 or 127) or failed (any status but 0:
  /// `PAGER=false`, `less --no-such-option`), so the caller writes `text` itself and nothing is lost.
  public func show(_ text: String) -> Bool {
    var ends: [Int32] = [-1, -1]
    guard pipe(&ends) == 0 else { return false }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, ends[0], 0)
    posix_spawn_file_actions_addclose(&actions, ends[0])
    posix_spawn_file_actions_addclose(&actions, ends[1])
    var pid: pid_t = 0
    let arguments = ["/bin/sh", "-c", command]
    var argv = arguments.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, &argv, environ)
    close(ends[0])
    guard spawned == 0 else {
      close(ends[1])
      return false
    }
    // The pager may quit before reading everything (q in less): the write then fails with EPIPE, which
    // must not kill paysh with SIGPIPE.
    let previous = signal(SIGPIPE, SIG_IGN)
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeMutableBytes { write(ends[1], $0.baseAddress! + offset, $0.count - offset) }
      if written < 0 {
        if errno == EINTR { continue }
        break
      }
      offset += written
    }
    close(ends[1])
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    signal(SIGPIPE, previous)
    let exited = (status & 0x7f) == 0
    let code = (status >> 8) & 0xff
    return !(exited && code != 0)
  }
}

/// The interactive shell's stdout: passes text straight to the terminal, except while a line typed at the
/// prompt runs with paging on, when it holds the line's results back so the whole of them can go through
/// the pager if they are longer than the terminal. An error written meanwhile, or a question asked (the
/// prompter), first lets out what was held, so nothing shows out of order.
public final class PagingOutput: OutputSink {
  let terminal: StandardOutput
  /// The results held back for the line now running; nil when passing straight through.
  let held = Mutex<String?>(nil)

  public init(_ terminal: StandardOutput) { self.terminal = terminal }

  public func write(_ text: String) {
    let passed = held.withLock { held -> Bool in
      guard held != nil else { return true }
      held! += text
      return false
    }
    if passed { terminal.write(text) }
  }

  public func writeError(_ text: String) {
    release()
    terminal.writeError(text)
  }

  /// Holds results back from now until `end()`.
  func begin() { held.withLock { $0 = "" } }

  /// Writes what was held to the terminal and passes the rest of the line straight through.
  func release() {
    if let text = held.withLock({ held -> String? in
      defer { held = nil }
      return held
    }), !text.isEmpty {
      terminal.write(text)
    }
  }

  /// Stops holding back, and returns what was held, made safe for the terminal (empty when nothing was, or
  /// it was let out already).
  func end() -> String {
    let text = held.withLock { held -> String in
      defer { held = nil }
      return held ?? ""
    }
    return TerminalText.safe(text, keepingStyle: terminal.keepsStyle)
  }

  /// Writes `text` (already made safe by `end()`) to the terminal as it is.
  func writeSafe(_ text: String) { StandardOutput.writeVerbatim(text) }
}

extension String {
  /// The text without blanks at either end.
  var trimmingBlanks: String {
    let scalars = unicodeScalars.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }
    var text = ""
    text.unicodeScalars.append(contentsOf: scalars.reversed())
    return text
  }
}
