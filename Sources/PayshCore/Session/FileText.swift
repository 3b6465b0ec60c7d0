#if canImport(Glibc)
import Glibc
#endif

/// Small file helpers on the C library (PayshCore keeps Foundation out of its engine).
public enum FileText {
  /// A file's bytes, or nil when it cannot be read (`errno` tells why).
  public static func bytes(_ path: String) -> [UInt8]? {
    guard let handle = fopen(path, "rb") else { return nil }
    defer { fclose(handle) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = fread(&buffer, 1, buffer.count, handle)
      if count > 0 { bytes.append(contentsOf: buffer[0..<count]) }
      if count < buffer.count {
        if ferror(handle) != 0 { return nil }
        return bytes
      }
    }
  }

  /// A file's text (invalid UTF-8 repaired), or nil when it cannot be read.
  public static func read(_ path: String) -> String? {
    bytes(path).map { String(decoding: $0, as: UTF8.self) }
  }

  /// The absolute path with symbolic links resolved; nil when the file does not exist.
  public static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// True for a regular file (not a folder, device or pipe).
  public static func isRegularFile(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
  }

  /// True when the file exists and can be read (`errno` tells why not).
  public static func isReadable(_ path: String) -> Bool { access(path, R_OK) == 0 }

  /// The C library's description of the last error.
  public static func lastError() -> String { String(cString: strerror(errno)) }
}
