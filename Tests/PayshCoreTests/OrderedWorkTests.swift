import Dispatch
import Synchronization
import Testing

@testable import PayshCore

/// The ordered pipeline on an executor of one thread, as paysh runs (NIO's event loop is its global
/// executor): an item started runs up to its first wait before the result before it is finished, so a script's
/// next request is out while the answer before is stored and shown.
@Suite("OrderedWork on one thread")
struct OrderedWorkTests {
  /// Every job on one serial queue: one thread, first in first out, as an event loop.
  final class OneThread: TaskExecutor, @unchecked Sendable {
    let queue = DispatchQueue(label: "paysh.tests.one-thread")

    func enqueue(_ job: consuming ExecutorJob) {
      let job = UnownedJob(job)
      queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
  }

  final class Log: Sendable {
    let lines = Mutex<[String]>([])
    func add(_ line: String) { lines.withLock { $0.append(line) } }
  }

  func events(count: Int, width: Int) async throws -> [String] {
    let log = Log()
    let work = Task(executorPreference: OneThread()) {
      try await OrderedWork.run(
        count: count, width: width,
        start: { index in
          { @Sendable in
            log.add("sent \(index)")
            return index
          }
        },
        finish: { index, _ in
          log.add("shown \(index)")
          return true
        })
    }
    let ending = try await work.value
    #expect(ending == OrderedWork.Ending(finished: count, stopped: false))
    return log.lines.withLock { $0 }
  }

  @Test func theNextItemIsSentBeforeTheOneBeforeIsShown() async throws {
    #expect(
      try await events(count: 3, width: 1) == ["sent 0", "sent 1", "shown 0", "sent 2", "shown 1", "shown 2"])
  }

  @Test func wideWorkKeepsItsWidthSentWhileResultsAreShown() async throws {
    let log = try await events(count: 6, width: 2)
    // Each item is sent before the one two places before it is shown, and everything is shown in order.
    for index in 2..<6 {
      let sent = try #require(log.firstIndex(of: "sent \(index)"))
      let shownBefore = try #require(log.firstIndex(of: "shown \(index - 2)"))
      #expect(sent < shownBefore, "\(log)")
    }
    #expect(log.filter { $0.hasPrefix("shown") } == (0..<6).map { "shown \($0)" })
  }
}
