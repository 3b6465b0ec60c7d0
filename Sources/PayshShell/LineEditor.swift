import CEditLine
import PayshCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How reading one line at the prompt ended.
public enum LineEvent: Sendable, Equatable {
  /// A line was entered (without its newline).
  case line(String)
  /// Ctrl-C: the line was abandoned.
  case interrupted
  /// Ctrl-D on an empty line, or the terminal went away.
  case endOfInput
}

/// The prompt's line editor: libedit's native API (`el_wgets`, `history`) in emacs mode, with Tab completion
/// from a `Completer`, Ctrl-R incremental history search, and Ctrl-C as a key that abandons the line.
///
/// While a line is edited the terminal's `isig` is off, so Ctrl-C arrives as a key (bound to a function that
/// flags the line as abandoned and ends it) rather than as a signal to whichever thread. `el_wgets` blocks,
/// so `readLine(prompt:completer:)` runs it on a thread of its own, off the cooperative pool.
///
/// Not safe for concurrent use: one line is read at a time (the REPL awaits each), which is what makes the
/// `@unchecked Sendable` sound.
public final class LineEditor: @unchecked Sendable {
  let editLine: OpaquePointer
  let history: OpaquePointer
  let state: EditorState

  /// Sets up libedit on the process's terminal, with `historyEntries` (oldest first) to recall.
  /// Nil when libedit cannot start (no terminal description, no memory).
  public init?(historyEntries: [String] = [], historySize: Int = 1000) {
    _ = paysh_use_utf8_ctype()
    guard let history = history_init() else { return nil }
    guard let editLine = paysh_el_init("paysh") else {
      history_end(history)
      return nil
    }
    self.editLine = editLine
    self.history = history
    self.state = EditorState()
    paysh_history_setsize(history, Int32(max(1, historySize)))
    paysh_history_setunique(history, 1)
    for entry in historyEntries { paysh_history_enter(history, entry) }
    configure()
  }

  deinit {
    el_end(editLine)
    history_end(history)
  }

  /// Emacs keys, the history, the prompt with `\1`-bracketed colour codes, and paysh's own key bindings.
  func configure() {
    paysh_el_set_clientdata(editLine, Unmanaged.passUnretained(state).toOpaque())
    paysh_el_set_editor(editLine, "emacs")
    paysh_el_set_signal(editLine, 1)
    paysh_el_set_history(editLine, history)
    paysh_el_set_prompt(editLine, promptFunction, 1)
    paysh_el_setty(editLine, "-d", "-isig")
    el_source(editLine, nil)
    paysh_el_addfn(editLine, "paysh-complete", "Complete the word under the cursor", completeFunction)
    paysh_el_bind(editLine, "^I", "paysh-complete")
    paysh_el_addfn(editLine, "paysh-interrupt", "Abandon the line", interruptFunction)
    paysh_el_bind(editLine, "^C", "paysh-interrupt")
    paysh_el_bind(editLine, "^R", "em-inc-search-prev")
  }

  /// Adds `line` to the history that Up, Down and Ctrl-R go through (not to any file).
  public func addHistory(_ line: String) {
    paysh_history_enter(history, line)
  }

  /// Reads one line on the editor's own thread.
  ///
  /// `prompt` may hold ANSI colour codes; they are bracketed for libedit so the cursor lands right.
  public func readLine(prompt: String, completer: Completer) async -> LineEvent {
    await EditorThread.run { self.readLineBlocking(prompt: prompt, completer: completer) }
  }

  /// Reads one line on the calling thread (which it blocks).
  public func readLineBlocking(prompt: String, completer: Completer) -> LineEvent {
    state.setPrompt(Prompt.bracketingInvisible(prompt))
    state.completer = completer
    state.interrupted = false
    var count: Int32 = 0
    // A signal other than a window resize (which libedit handles) fails the read with EINTR: read again
    // rather than take it for the end of input.
    for _ in 0..<100 {
      let characters = el_wgets(editLine, &count)
      if state.interrupted { return .interrupted }
      if let characters, count > 0 {
        var line = String.fromWide(characters, count: Int(count))
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
      }
      guard count < 0, errno == EINTR else { break }
    }
    return .endOfInput
  }
}

/// The editor's state that libedit's C callbacks reach through `EL_CLIENTDATA`.
final class EditorState {
  /// The prompt as a C string that stays valid until the next one is set.
  var prompt: UnsafeMutablePointer<CChar>?
  var completer: Completer?
  /// Set by the Ctrl-C key: the line being returned is abandoned.
  var interrupted = false

  func setPrompt(_ text: String) {
    free(prompt)
    prompt = strdup(text)
  }

  deinit { free(prompt) }

  /// The Tab key: replaces the word under the cursor with its completion, listing several candidates.
  func complete(_ editLine: OpaquePointer) -> UInt8 {
    guard let completer, let info = el_wline(editLine) else { return UInt8(CC_REFRESH_BEEP) }
    let before = String.fromWide(info.pointee.buffer, count: info.pointee.cursor - info.pointee.buffer)
    let completion = completer.complete(before)
    guard !completion.candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
    if let replacement = completion.replacement {
      el_deletestr(editLine, Int32(before.unicodeScalars.count - completion.start))
      var wide = replacement.unicodeScalars.map { wchar_t(bitPattern: $0.value) } + [0]
      el_winsertstr(editLine, &wide)
    }
    guard completion.candidates.count > 1 else { return UInt8(CC_REFRESH) }
    let width = Int(paysh_terminal_columns(1))
    StandardOutput.writeVerbatim("\r\n" + CandidateList.render(completion.candidates.map(\.display), width: width))
    return UInt8(CC_REDISPLAY)
  }

  /// The Ctrl-C key: flags the line and ends it, with the cursor at its end so `^C` lands after it.
  func interrupt(_ editLine: OpaquePointer) -> UInt8 {
    interrupted = true
    if let info = el_wline(editLine) {
      el_cursor(editLine, Int32(info.pointee.lastchar - info.pointee.cursor))
    }
    return UInt8(CC_NEWLINE)
  }

  /// The state behind an `EditLine`.
  static func of(_ editLine: OpaquePointer?) -> EditorState? {
    guard let editLine, let raw = paysh_el_clientdata(editLine) else { return nil }
    return Unmanaged<EditorState>.fromOpaque(raw).takeUnretainedValue()
  }
}

/// libedit's prompt callback.
private let promptFunction: paysh_el_prompt_t = { editLine in
  EditorState.of(editLine)?.prompt
}

/// libedit's callback for Tab.
private let completeFunction: paysh_el_func_t = { editLine, _ in
  guard let editLine, let state = EditorState.of(editLine) else { return UInt8(CC_ERROR) }
  return state.complete(editLine)
}

/// libedit's callback for Ctrl-C.
private let interruptFunction: paysh_el_func_t = { editLine, _ in
  guard let editLine, let state = EditorState.of(editLine) else { return UInt8(CC_ERROR) }
  return state.interrupt(editLine)
}

extension String {
  /// The text of `count` wide characters (UTF-32 on Linux), skipping any that are not Unicode scalars.
  static func fromWide(_ characters: UnsafePointer<wchar_t>, count: Int) -> String {
    var text = ""
    for index in 0..<Swift.max(0, count) {
      if let scalar = Unicode.Scalar(UInt32(bitPattern: Int32(characters[index]))) {
        text.unicodeScalars.append(scalar)
      }
    }
    return text
  }
}
