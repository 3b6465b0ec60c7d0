#if canImport(Glibc)
import Glibc
#endif

/// One script or every `.ops` in a folder (sorted by name), run one after the other.
public struct ScriptBatch: Sendable {
  public let path: String
  public let files: [String]
  public let isFolder: Bool

  /// Finds the scripts; throws when the path is neither a readable file nor a folder holding any.
  public init(path: String) throws(ReplayError) {
    self.path = path
    var info = stat()
    guard stat(path, &info) == 0 else { throw ReplayError("cannot read \(path): \(FileText.lastError())") }
    isFolder = (info.st_mode & S_IFMT) == S_IFDIR
    guard isFolder else {
      guard (info.st_mode & S_IFMT) == S_IFREG else {
        throw ReplayError("\(path) is not a regular file: give an .ops script or a folder of them")
      }
      files = [path]
      return
    }
    guard let directory = opendir(path) else { throw ReplayError("cannot read \(path): \(FileText.lastError())") }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name.hasSuffix(".ops"), !name.hasPrefix(".") { names.append(name) }
    }
    guard !names.isEmpty else { throw ReplayError("\(path) holds no .ops scripts") }
    let folder = path.hasSuffix("/") ? path : path + "/"
    files = names.sorted().map { folder + $0 }
  }

  /// Checks the report files can be written, runs every script (a folder also gets a line per script
  /// and a total), then writes the reports.
  public func run(_ runner: ReplayRunner, reports: [ReportWriter.Target]) async throws(ReplayError) -> [ScriptOutcome] {
    try ScriptBatch.checkWritable(reports)
    let outcomes = await run(runner)
    try ScriptBatch.writeReports(reports, outcomes, to: runner.parent.output)
    return outcomes
  }

  /// Runs every script; a folder also gets a line per script and a total.
  func run(_ runner: ReplayRunner) async -> [ScriptOutcome] {
    var outcomes: [ScriptOutcome] = []
    for file in files {
      if Task.isCancelled { break }
      if isFolder { runner.parent.output.write(runner.parent.style.bold("== \(file)") + "\n") }
      let outcome = await runner.run(file: file)
      outcomes.append(outcome)
      if runner.options.failFast, outcome.status != .ok { break }
    }
    if isFolder { runner.parent.output.write(ScriptBatch.summary(outcomes)) }
    return outcomes
  }

  /// A line per script and the total.
  public static func summary(_ outcomes: [ScriptOutcome]) -> String {
    let failed = outcomes.filter { $0.status != .ok }.count
    let expectations = outcomes.map(\.expectations.count).reduce(0, +)
    let failedExpectations = outcomes.map(\.failedExpectations).reduce(0, +)
    return outcomes.map { $0.summaryLine + "\n" }.joined()
      + "\(outcomes.count) script\(outcomes.count == 1 ? "" : "s"): \(outcomes.count - failed) ok, \(failed) failed; "
      + "\(expectations) expectation\(expectations == 1 ? "" : "s"), \(failedExpectations) failed\n"
  }

  /// The status of the whole batch: a runtime failure outranks an expectation, which outranks ok.
  public static func status(_ outcomes: [ScriptOutcome]) -> ExitStatus {
    outcomes.reduce(ExitStatus.ok) { $0.combined(with: $1.status) }
  }

  func failureLine(_ outcomes: [ScriptOutcome]) -> String {
    let failed = outcomes.filter { $0.status != .ok }
    if !isFolder, let only = failed.first {
      return only.status == .expectation
        ? "replay of \(only.file): \(only.failedExpectations) of \(only.expectations.count) expectations failed"
        : "replay of \(only.file) stopped (exit \(only.status.rawValue))"
    }
    return "\(failed.count) of \(outcomes.count) scripts failed"
  }

  /// Writes each report to its file, or to `output` when it has none.
  public static func writeReports(
    _ targets: [ReportWriter.Target], _ outcomes: [ScriptOutcome], to output: any OutputSink
  )
    throws(ReplayError)
  {
    for target in targets {
      let text = ReportWriter.render(target.format, outcomes)
      guard let file = target.file else {
        output.write(text)
        continue
      }
      try write(text, to: file)
    }
  }

  /// Writes `text` to `file`, replacing it.
  public static func write(_ text: String, to file: String) throws(ReplayError) {
    guard let handle = fopen(file, "w") else { throw ReplayError("cannot write \(file): \(FileText.lastError())") }
    let written = fputs(text, handle) >= 0 && fflush(handle) == 0
    let closed = fclose(handle) == 0
    guard written, closed else { throw ReplayError("cannot write \(file): \(FileText.lastError())") }
  }

  /// Refuses report files that cannot be written, before any script runs (and fetches for nothing). Only
  /// a regular file is replaced: opening a FIFO to write would wait for a reader forever.
  public static func checkWritable(_ targets: [ReportWriter.Target]) throws(ReplayError) {
    for target in targets {
      guard let file = target.file else { continue }
      var info = stat()
      if stat(file, &info) == 0, let kind = FileText.kind(info.st_mode) {
        throw ReplayError("cannot write \(file): it is \(kind), not a regular file")
      }
      let existed = access(file, F_OK) == 0
      guard let handle = fopen(file, "a") else { throw ReplayError("cannot write \(file): \(FileText.lastError())") }
      fclose(handle)
      if !existed { unlink(file) }
    }
  }
}
