#if canImport(Glibc)
import Glibc
#endif

/// `record start FILE.ops`: every command line run afterwards is appended to the file as it finishes
/// (flushed each time, so a killed shell keeps what it recorded), until `record stop`.
public final class ScriptRecorder {
  public let path: String
  private var handle: UnsafeMutablePointer<FILE>?
  /// Lines written (comments for failed lines included, the header not).
  public private(set) var lines = 0

  /// Creates (or replaces) the file and writes the header.
  public init(path: String, header: String) throws(ScriptRecorderError) {
    self.path = path
    guard let handle = fopen(path, "w") else { throw ScriptRecorderError(path: path, reason: FileText.lastError()) }
    self.handle = handle
    try write(header)
  }

  deinit { close() }

  /// Appends the line for a command that ran with `status`.
  public func record(_ text: String, status: Int) throws(ScriptRecorderError) {
    guard let line = ScriptWriter.line(text, status: status) else { return }
    try write(line + "\n")
    lines += 1
  }

  /// Writes `text` now, flushed.
  public func write(_ text: String) throws(ScriptRecorderError) {
    guard let handle else { throw ScriptRecorderError(path: path, reason: "the recording is closed") }
    if fputs(text, handle) < 0 || fflush(handle) != 0 {
      throw ScriptRecorderError(path: path, reason: FileText.lastError())
    }
  }

  public func close() {
    if let handle { fclose(handle) }
    handle = nil
  }
}

/// A recording that could not be written.
public struct ScriptRecorderError: Error, Sendable, Hashable, CustomStringConvertible {
  public var path: String
  public var reason: String
  public var description: String { "cannot write \(path): \(reason)" }
}
