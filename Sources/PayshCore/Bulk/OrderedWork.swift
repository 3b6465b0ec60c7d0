/// Work that overlaps and finishes in order: the one pipeline behind `fetch --from`, `case --from` and a
/// script's consecutive `fetch` lines.
///
/// Up to `width` items run at once: `start` makes an item's work on the caller's task (where it may read
/// the shell), and the work runs as a child task (a request and its retries: on the caller's executor, the
/// shell's loop, where its connection is); each one's
/// result is handed to `finish` on the caller's task, strictly in input order, while the items after it are
/// still running: so a result is stored and shown in its place however the answers overtake each other.
/// `goesOn` decides, as each result arrives, whether more items may start before it is finished (a script's
/// fetch whose answer will fail its line lets no later line be sent). `finish` returning false stops the
/// work: nothing more starts and what is still running is cancelled and its results dropped. At most
/// `width * 4` items are started beyond the first unfinished one, so a slow answer holds a bounded number
/// of results in memory.
///
/// Items just started are let run up to their first wait (`Task.yield`) before the next result is finished:
/// on an executor of one thread (paysh's: NIO's event loop is its global executor) a started item would
/// otherwise not run at all until every result ready had been finished, and its request would not be out
/// while a result is stored and shown.
enum OrderedWork {
  /// How the work ended: how many items were finished and whether it stopped early (`finish` said so, or
  /// the task was cancelled: Ctrl-C).
  struct Ending: Sendable, Hashable {
    var finished: Int
    var stopped: Bool
  }

  static func run<Result: Sendable>(
    count: Int, width: Int,
    start: (Int) -> @Sendable () async -> Result,
    goesOn: (Int, Result) -> Bool = { _, _ in true },
    finish: (Int, Result) async throws -> Bool
  ) async throws -> Ending {
    let width = max(1, width)
    let ahead = width * 4
    var failure: (any Error)?
    let ending = await withTaskGroup(of: (Int, Result).self, returning: Ending.self) { group in
      var next = 0
      var due = 0
      var running = 0
      var held: [Int: Result] = [:]
      var holding: Set<Int> = []
      var stopped = false
      /// Starts what may start; says whether it started any.
      func fill() -> Bool {
        let before = next
        while !stopped, holding.isEmpty, running < width, next < count, next - due < ahead, !Task.isCancelled {
          let index = next
          let work = start(index)
          group.addTask { (index, await work()) }
          next += 1
          running += 1
        }
        return next > before
      }
      _ = fill()
      while due < count, !stopped, let (index, result) = await group.next() {
        running -= 1
        held[index] = result
        if !goesOn(index, result) { holding.insert(index) }
        if fill() { await Task.yield() }
        while let ready = held.removeValue(forKey: due) {
          let finishing = due
          due += 1
          do {
            if try await !finish(finishing, ready) { stopped = true }
          } catch {
            failure = error
            stopped = true
          }
          holding.remove(finishing)
          if stopped { break }
          if fill() { await Task.yield() }
        }
        if Task.isCancelled { stopped = true }
      }
      group.cancelAll()
      return Ending(finished: due, stopped: stopped || due < count)
    }
    if let failure { throw failure }
    return ending
  }
}
