#if canImport(Glibc)
import Glibc
#endif

/// `--out FILE.csv|jsonl`: a new file (mode 0600: it holds customer data; an existing file is not replaced),
/// opened before the first request so a bad path costs nothing, written a row at a time as the ids finish
/// (in input order), each written through at once, so a run stopped or killed leaves the rows it showed.
final class BulkOutFile {
  let path: String
  let csv: Bool
  private var descriptor: Int32
  private var pending = ""
  private var rowsPending = 0
  private(set) var rows = 0

  init(path: String) throws(StoreError) {
    self.path = path
    csv = path.hasSuffix(".csv")
    descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
      let reason = errno == EEXIST ? "the file exists; remove it or choose another name" : FileText.lastError()
      throw .cannotWrite(path, detail: reason)
    }
    if csv {
      pending = BulkRow.csvHeader
      try flush()
    }
  }

  deinit { if descriptor >= 0 { Glibc.close(descriptor) } }

  func write(_ row: BulkRow) throws(StoreError) {
    pending += csv ? row.csvLine : row.jsonLine
    rows += 1
    rowsPending += 1
    // Each row on disk as it is shown: a run killed (a second Ctrl-C, SIGKILL) keeps the rows it showed.
    try flush()
  }

  func flush() throws(StoreError) {
    rowsPending = 0
    var bytes = Array(pending.utf8)
    pending = ""
    var written = 0
    while written < bytes.count {
      let count = bytes.withUnsafeMutableBytes {
        Glibc.write(descriptor, $0.baseAddress! + written, $0.count - written)
      }
      if count < 0, errno == EINTR { continue }
      guard count > 0 else { throw .cannotWrite(path, detail: FileText.lastError()) }
      written += count
    }
  }

  func close() throws(StoreError) {
    try flush()
    Glibc.close(descriptor)
    descriptor = -1
  }
}
