/// The loop behind `watch`: fetch, compare with the last stored answer, store and show only changes.
struct Watcher {
  let shell: Interpreter
  let invocation: Invocation
  let pipeline: FetchPipeline
  let query: FetchQuery
  let every: Int
  let limit: Int
  let until: Predicate?
  let rules: [IgnoreRule]

  func run() async throws {
    let clock = shell.services.clock
    let started = clock.now()
    let style = shell.style
    let renderer = SnapshotRenderer(style: style)
    var last = try await pipeline.run(query)
    shell.output.write(renderer.statusLine(last.snapshot) + (last.snapshot.order.map(renderer.order) ?? ""))
    if let problem = last.problem { throw invocation.error(problem.message, hint: problem.hint) }
    let plan =
      "watching \(query) every \(Watcher.show(every))"
      + (until.map { ", until \($0)" } ?? "") + ", for at most \(Watcher.show(limit)); Ctrl-C stops"
    shell.output.write(style.dim(plan) + "\n")
    var fetches = 1
    var changes = 0
    var latest = last.snapshot  // the newest answer, stored or not: its rate-limit headers set the wait
    if let until, try reached(until, last) { return }
    while true {
      let wait = max(every, Watcher.askedWait(latest) ?? 0)
      if wait > every {
        shell.output.write(style.dim("the gateway asks for \(Watcher.show(wait)) before the next request") + "\n")
      }
      // Offline, a watch ran out of recorded answers where the recorded one stopped storing changes:
      // the unchanged fetches between were never stored, so the watch ends here.
      if let recorded = shell.services.recorded, recorded.use == .offline,
        !recorded.hasNext(gateway: pipeline.gateway.adapter.name, query: query)
      {
        let count = "\(changes) change\(changes == 1 ? "" : "s")"
        return try stop(
          "the recording holds no more answers for \(query): the watch ends after \(count)", last, hint: nil)
      }
      if wait > limit - (clock.now() - started) {
        let count = "\(fetches) fetches, \(changes) change\(changes == 1 ? "" : "s")"
        return try stop("stopped after \(Watcher.show(limit)): \(count)", last, hint: "watch longer with --max")
      }
      try await clock.sleep(microseconds: wait)
      let next = try await pipeline.run(query, commit: false)
      fetches += 1
      latest = next.snapshot
      if let change = changed(from: last, to: next) {
        let stored = try pipeline.commit(next)
        changes += 1
        shell.output.write(
          renderer.statusLine(stored.snapshot)
            + DiffRenderer(style: style).render(
              header: "@\(last.snapshot.number) → @\(stored.snapshot.number)", normalized: change.normalized,
              raw: change.raw))
        last = stored
      } else {
        shell.output.write(style.dim("fetch \(fetches): no change (HTTP \(next.snapshot.status))") + "\n")
      }
      if let until, try reached(until, last) { return }
    }
  }

  /// Ends the watch before its condition held: `summary` alone without `--until` (status 0), a failed
  /// expectation with it (status 4).
  func stop(_ summary: String, _ last: FetchPipeline.Outcome, hint: String?) throws {
    guard let until else {
      shell.output.write(summary + "\n")
      return
    }
    let found = try until.evaluate(last.snapshot, body: last.body).actual
    throw Diagnostic(
      .error, "\(summary); \(until) never held (last: \(found))",
      span: invocation.node.span, source: invocation.source, hint: hint, kind: .expectation)
  }

  /// What changed, by the rules of `diff`; nil when nothing did.
  func changed(
    from old: FetchPipeline.Outcome, to new: FetchPipeline.Outcome
  ) -> (
    normalized: [OrderDiff.Change], raw: DiffResult?
  )? {
    let normalized = OrderDiff.changes(from: old.snapshot, to: new.snapshot)
    if let a = old.body, let b = new.body {
      let raw = JSONDiff(ignore: rules).diff(a, b)
      return normalized.isEmpty && raw.isEmpty ? nil : (normalized, raw)
    }
    if normalized.isEmpty, old.snapshot.body == new.snapshot.body { return nil }
    return (normalized, nil)
  }

  func reached(_ until: Predicate, _ outcome: FetchPipeline.Outcome) throws -> Bool {
    let result = try until.evaluate(outcome.snapshot, body: outcome.body)
    if result.passed {
      shell.output.write("\(until) holds (\(result.actual)) at @\(outcome.snapshot.number)\n")
    }
    return result.passed
  }

  /// The wait the gateway asked for in its rate-limit headers, in microseconds: when no requests remain
  /// in the window (`x-ratelimit-remaining: 0`) or it answered 429.
  static func askedWait(_ snapshot: Snapshot) -> Int? {
    let headers = snapshot.responseHeaders
    let exhausted = headers.first("x-ratelimit-remaining") == "0" || snapshot.status == 429
    guard exhausted else { return nil }
    let seconds =
      headers.first("x-ratelimit-retry").flatMap { Int($0) } ?? headers.first("retry-after").flatMap { Int($0) }
    return seconds.map { min(max($0, 0), 3_600) * 1_000_000 }  // more than an hour (or nonsense) is held to an hour
  }

  /// `5s`, `1m30s`, `250ms`.
  static func show(_ microseconds: Int) -> String {
    let milliseconds = microseconds / 1_000
    if milliseconds < 1_000 || milliseconds % 1_000 != 0 { return "\(milliseconds)ms" }
    let seconds = milliseconds / 1_000
    if seconds < 60 { return "\(seconds)s" }
    if seconds % 3_600 == 0 { return "\(seconds / 3_600)h" }
    return seconds % 60 == 0 ? "\(seconds / 60)m" : "\(seconds / 60)m\(seconds % 60)s"
  }
}
