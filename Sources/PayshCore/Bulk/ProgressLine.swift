/// One line at the bottom of the terminal that a long run redraws (`--progress`): paysh's own figures
/// only, every text in them escaped by the caller.
public protocol ProgressLine: AnyObject {
  /// Draws `text` over the line.
  func draw(_ text: String)
  /// Clears the line (before a result is written above it).
  func clear()
}

#if canImport(Glibc)
import Glibc
#endif

/// The progress line on stderr when it is a terminal: a carriage return and "erase line" before each
/// drawing, at most ten drawings a second.
public final class TerminalProgressLine: ProgressLine {
  private var drawn = false
  private var lastDrawn = 0

  public init?() {
    guard isatty(2) == 1 else { return nil }
  }

  public func draw(_ text: String) {
    let now = Clock.now()
    guard now - lastDrawn > 100_000 else { return }
    lastDrawn = now
    drawn = true
    StandardOutput.write("\r\u{1B}[K" + TerminalText.inline(text), to: 2)
  }

  public func clear() {
    guard drawn else { return }
    drawn = false
    lastDrawn = 0
    StandardOutput.write("\r\u{1B}[K", to: 2)
  }
}
