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
    if let problem = last.problem {
      throw invocation.error(problem.message, hint: problem.hint(answerShown: false, number: last.snapshot.number))
    }
    if let problem = last.bodyProblem { throw invocation.error(problem.message, hint: problem.hint) }
    let plan =
      "watching \(query) every \(Watcher.show(every))"
      + (until.map { ", until \($0)" } ?? "") + ", for at most \(Watcher.show(limit)); Ctrl-C stops"
    shell.output.write(style.dim(plan) + "\n")
    var fetches = 1
    var changes = 0
    var stored = [last.snapshot.number]
    // Interrupted (Ctrl-C, a signal to a script): say what the watch did before the run says "interrupted".
    func tellInterrupted() {
      guard Task.isCancelled else { return }
      let numbers = stored.map { "@\($0)" }.joined(separator: " ")
      shell.output.write(
        "watch interrupted after \(Counted.text(fetches, "fetch", plural: "fetches")): \(stored.count) stored (\(numbers))\n"
      )
    }
    var latest = last.snapshot  // the newest answer, stored or not: its rate-limit headers set the wait
    if let until, try reached(until, last) { return }
    while true {
      let window = Watcher.windowWait(latest)
      let wait = max(every, window?.microseconds ?? 0)
      if let window, wait > every {
        let note =
          window.asked
          ? "the gateway asks for \(Watcher.show(wait)) before the next request"
          : "no requests left in the gateway's rate-limit window: waiting \(Watcher.show(wait))"
        shell.output.write(style.dim(note) + "\n")
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
        let count = "\(Counted.text(fetches, "fetch", plural: "fetches")), \(Counted.text(changes, "change"))"
        return try stop("stopped after \(Watcher.show(limit)): \(count)", last, hint: "watch longer with --max")
      }
      let next: FetchPipeline.Outcome
      do {
        try await clock.sleep(microseconds: wait)
        next = try await pipeline.run(query, commit: false)
      } catch {
        tellInterrupted()
        throw error
      }
      fetches += 1
      latest = next.snapshot
      if let change = changed(from: last, to: next) {
        let kept = try pipeline.commit(next)
        changes += 1
        stored.append(kept.snapshot.number)
        shell.output.write(
          renderer.statusLine(kept.snapshot)
            + DiffRenderer(style: style).render(
              header: "@\(last.snapshot.number) → @\(kept.snapshot.number)", normalized: change.normalized,
              raw: change.raw))
        last = kept
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

  /// How long a window lasts when the gateway does not say: Cashfree's limits are per minute, and its
  /// advice when no `x-ratelimit-retry` is given is to wait at least a minute.
  static let defaultWindow = 60_000_000

  /// The wait before the next request when the gateway says none remain in its rate-limit window
  /// (`x-ratelimit-remaining: 0`) or answered 429, in microseconds: what `x-ratelimit-retry` or
  /// `Retry-After` asks (`asked`), else a whole window. `x-ratelimit-retry: 0` (Cashfree's "not breached")
  /// and an HTTP date say nothing about when the window ends. Nil when requests remain.
  static func windowWait(_ snapshot: Snapshot) -> (microseconds: Int, asked: Bool)? {
    let headers = snapshot.responseHeaders
    let exhausted = headers.first("x-ratelimit-remaining")?.trimmingSpaces() == "0" || snapshot.status == 429
    guard exhausted else { return nil }
    let said = ["x-ratelimit-retry", "retry-after"].compactMap { name in
      headers.first(name).flatMap { Int($0.trimmingSpaces()) }
    }
    guard let asked = said.first(where: { $0 > 0 }) else { return (defaultWindow, false) }
    return (min(asked, 3_600) * 1_000_000, true)  // more than an hour is held to an hour
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
