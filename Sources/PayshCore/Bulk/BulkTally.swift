/// What a bulk run found, counted as it goes: the progress line and the summary at the end.
struct BulkTally {
  let total: Int
  let skippedLines: Int
  /// Ids answered before `--resume`, not asked again.
  let resumed: Int
  var done = 0
  var statuses: [String: Int] = [:]
  var errors: [String: Int] = [:]
  var verdicts: [String: Int] = [:]
  var retries = 0
  /// The limiters' slowdowns during the run.
  var slowdowns = RateLimits.Slowdowns()
  /// Microseconds the run took.
  var elapsed = 0

  init(total: Int, skippedLines: Int, resumed: Int) {
    self.total = total
    self.skippedLines = skippedLines
    self.resumed = resumed
  }

  mutating func add(_ row: BulkRow) {
    done += 1
    count(row)
  }

  /// A row of an id answered before `--resume`: in the counts, not in what this run did.
  mutating func addResumed(_ row: BulkRow) { count(row) }

  private mutating func count(_ row: BulkRow) {
    if !row.status.isEmpty { statuses[row.status, default: 0] += 1 }
    if !row.error.isEmpty { errors[row.errorKind.isEmpty ? "error" : row.errorKind, default: 0] += 1 }
    for rule in row.verdicts { verdicts[rule, default: 0] += 1 }
  }

  var failed: Int { errors.values.reduce(0, +) }

  /// `PAID 120 · ACTIVE 15`, largest first (then by name).
  static func counts(_ counts: [String: Int]) -> String {
    counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
      .map { "\(TerminalText.inline($0.key)) \($0.value)" }.joined(separator: " · ")
  }

  /// The progress bar: `[#######.......] 120/200 · 1.0/s · ETA 1m20s · paid 100 · errors 5`.
  func progressText(elapsed: Int) -> String {
    let finished = min(resumed + done, total)
    let cells = 20
    let filled = total == 0 ? cells : max(0, min(cells, cells * finished / total))
    var parts = ["[" + String(repeating: "#", count: filled) + String(repeating: ".", count: cells - filled) + "]"]
    parts.append("\(finished)/\(total)")
    let seconds = Double(elapsed) / 1_000_000
    if seconds > 0, done > 0 {
      let rate = Double(done) / seconds
      parts.append(BulkTally.rate(rate))
      parts.append("ETA " + BulkTally.duration(Int(min(Double(total - finished) / rate, 8_640_000) * 1_000_000)))
    }
    if !statuses.isEmpty { parts.append(BulkTally.counts(statuses)) }
    if failed > 0 { parts.append("errors \(failed)") }
    return parts.joined(separator: " · ")
  }

  /// The summary: counts by status, errors by kind, verdicts by rule, the pace.
  func summary(from name: String) -> String {
    var head = "\(Counted.text(total, "id")) from \(TerminalText.inline(name))"
    if skippedLines > 0 { head += " (\(Counted.text(skippedLines, "line")) skipped)" }
    var said = ["\(done + resumed) done"]
    if resumed > 0 { said.append("\(resumed) answered before") }
    if done + resumed < total { said.append("\(total - done - resumed) not reached") }
    var out = "\(head): \(said.joined(separator: ", "))\n"
    if !statuses.isEmpty { out += "  status: \(BulkTally.counts(statuses))\n" }
    if !errors.isEmpty { out += "  errors: \(BulkTally.counts(errors))\n" }
    if !verdicts.isEmpty { out += "  verdicts: \(BulkTally.counts(verdicts))\n" }
    var pace = "  took \(BulkTally.duration(elapsed))"
    if elapsed > 0, done > 0 { pace += ", \(BulkTally.rate(Double(done) / (Double(elapsed) / 1_000_000)))" }
    if retries > 0 { pace += "; \(Counted.text(retries, "retry", plural: "retries"))" }
    let limited = slowdowns.all - slowdowns.storms
    if limited > 0 { pace += "; the rate limit slowed paysh down \(Counted.text(limited, "time"))" }
    if slowdowns.storms > 0 {
      pace += "; the gateway's 5xx answers slowed paysh down \(Counted.text(slowdowns.storms, "time"))"
    }
    return out + pace + "\n"
  }

  /// `12.5/s`, or `45/min` under one a second.
  static func rate(_ perSecond: Double) -> String {
    if perSecond >= 1 { return "\(Int(perSecond.rounded()))/s" }
    return "\(Int((perSecond * 60).rounded()))/min"
  }

  /// `850 ms`, `12.3 s`, `3m05s`, `1h02m`.
  static func duration(_ microseconds: Int) -> String {
    let milliseconds = microseconds / 1_000
    if milliseconds < 1_000 { return "\(milliseconds) ms" }
    let seconds = milliseconds / 1_000
    if seconds < 60 { return "\(seconds).\(milliseconds % 1_000 / 100) s" }
    if seconds < 3_600 { return "\(seconds / 60)m" + (seconds % 60 < 10 ? "0" : "") + "\(seconds % 60)s" }
    return "\(seconds / 3_600)h" + (seconds / 60 % 60 < 10 ? "0" : "") + "\(seconds / 60 % 60)m"
  }
}
