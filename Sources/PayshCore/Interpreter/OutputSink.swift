import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where commands write: results to `write`, errors and diagnostics to `writeError`.
///
/// The one place text is written: every sink passes what it is given through `TerminalText.safe`, so no
/// control character, escape sequence or bidirectional control from a gateway, a file or the store reaches
/// a terminal or a transcript, whichever renderer let it through (only newlines, tabs and paysh's own colour
/// codes, when colour is on, pass as they are).
public protocol OutputSink: AnyObject, Sendable {
  func write(_ text: String)
  func writeError(_ text: String)
}

/// The process's stdout and stderr, written with `write(2)` so the two interleave in order when both
/// go to one pipe (as golden transcripts capture them).
public final class StandardOutput: OutputSink {
  /// Whether paysh's own colour codes pass (colour on); with colour off no escape sequence passes at all.
  public let keepsStyle: Bool

  public init(keepsStyle: Bool = false) {
    self.keepsStyle = keepsStyle
  }

  public func write(_ text: String) { StandardOutput.write(TerminalText.safe(text, keepingStyle: keepsStyle), to: 1) }
  public func writeError(_ text: String) {
    StandardOutput.write(TerminalText.safe(text, keepingStyle: keepsStyle), to: 2)
  }

  /// Writes `text` to stdout exactly as it is: only for the line editor's own terminal control (the list of
  /// completions drawn in raw mode), whose variable parts it escapes itself.
  public static func writeVerbatim(_ text: String) { write(text, to: 1) }

  static func write(_ text: String, to descriptor: Int32) {
    var text = text
    text.withUTF8 { buffer in
      var offset = 0
      while offset < buffer.count {
        let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          return
        }
        offset += written
      }
    }
  }
}

/// Collects output in memory: for tests, and for anything that wants a command's text as a string.
public final class BufferedOutput: OutputSink {
  struct State {
    var out = ""
    var err = ""
    var both = ""
  }
  let state = Mutex(State())

  public init() {}

  public func write(_ text: String) {
    let text = TerminalText.safe(text, keepingStyle: true)
    state.withLock {
      $0.out += text
      $0.both += text
    }
  }

  public func writeError(_ text: String) {
    let text = TerminalText.safe(text, keepingStyle: true)
    state.withLock {
      $0.err += text
      $0.both += text
    }
  }

  /// Forgets everything written so far.
  public func clear() {
    state.withLock {
      $0.out = ""
      $0.err = ""
      $0.both = ""
    }
  }

  /// What went to `write`.
  public var standardOutput: String { state.withLock { $0.out } }
  /// What went to `writeError`.
  public var standardError: String { state.withLock { $0.err } }
  /// Both, interleaved in the order written.
  public var transcript: String { state.withLock { $0.both } }
}

/// Masks the secrets the shell holds (`Redactor.text`: credentials, tokens, card numbers) in everything
/// written, before the sink it wraps: a secret pasted where an id goes is never shown, whichever command
/// echoes it. The interpreter wraps its sink in one.
final class RedactingOutput: OutputSink {
  let target: any OutputSink
  let redactor: RedactorCell

  init(_ target: any OutputSink, redactor: RedactorCell) {
    self.target = target
    self.redactor = redactor
  }

  func write(_ text: String) { target.write(redactor.value.text(text)) }
  func writeError(_ text: String) { target.writeError(redactor.value.text(text)) }
  /// Hands on what the sink it wraps gathers (a `BatchedOutput`), if it gathers anything.
  func flush() { (target as? BatchedOutput)?.flush() }
}
