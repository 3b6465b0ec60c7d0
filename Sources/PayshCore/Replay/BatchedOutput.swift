import Synchronization

/// Output for an offline replay: results gathered in memory and handed on in large pieces (one write
/// per 64 KiB instead of one per line), errors passed through at once after what came before them, so
/// the two still interleave in order. Nothing in an offline replay waits on the network or a person, so
/// nothing sits unseen for long; `flush()` hands on the rest when the script ends.
public final class BatchedOutput: OutputSink {
  let target: any OutputSink
  let pending = Mutex<String>("")
  static let limit = 64 * 1024

  public init(_ target: any OutputSink) {
    self.target = target
  }

  public func write(_ text: String) {
    let full: String? = pending.withLock { buffer in
      buffer += text
      guard buffer.utf8.count >= BatchedOutput.limit else { return nil }
      defer { buffer = "" }
      return buffer
    }
    if let full { target.write(full) }
  }

  public func writeError(_ text: String) {
    flush()
    target.writeError(text)
  }

  /// Hands on whatever is gathered.
  public func flush() {
    let rest = pending.withLock { buffer in
      defer { buffer = "" }
      return buffer
    }
    if !rest.isEmpty { target.write(rest) }
  }
}
