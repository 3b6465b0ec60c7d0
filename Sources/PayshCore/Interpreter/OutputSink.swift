import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where commands write: results to `write`, errors and diagnostics to `writeError`.
public protocol OutputSink: AnyObject, Sendable {
  func write(_ text: String)
  func writeError(_ text: String)
}

/// The process's stdout and stderr, written with `write(2)` so the two interleave in order when both
/// go to one pipe (as golden transcripts capture them).
public final class StandardOutput: OutputSink {
  public init() {}

  public func write(_ text: String) { StandardOutput.write(text, to: 1) }
  public func writeError(_ text: String) { StandardOutput.write(text, to: 2) }

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
    state.withLock {
      $0.out += text
      $0.both += text
    }
  }

  public func writeError(_ text: String) {
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
