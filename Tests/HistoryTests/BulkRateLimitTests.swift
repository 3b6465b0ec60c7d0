import Foundation
import Synchronization
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `fetch --from` against `paysh sim --rate-limit`, both as the binaries run (separate processes, so the
/// timing is theirs and not that of a loaded test runner's thread pool).
@Suite("fetch --from under the simulator's rate limit")
struct BulkRateLimitTests {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  /// The simulator's tally of a limit: what it admitted and refused, and when (on its clock, to the
  /// millisecond) it let the first and the last through.
  struct Tally: Sendable {
    var admitted: Int
    var refused: Int
    var first: Date
    var last: Date
  }

  /// What a run under the limit came to: paysh's own run and the simulator's tally of its one limit.
  struct Outcome: Sendable {
    var run: CommandLineTests.Run
    var ids: String
    var tally: Tally
  }

  /// `GET /_sim/rate-limits`: the first limit's tally.
  static func tally(_ base: String) throws -> Tally {
    let got = Mutex<Data?>(nil)
    let done = DispatchSemaphore(value: 0)
    URLSession.shared.dataTask(with: URL(string: base + "/_sim/rate-limits")!) { data, _, _ in
      got.withLock { $0 = data }
      done.signal()
    }.resume()
    done.wait()
    let format = ISO8601DateFormatter()
    format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    let data = got.withLock { $0 }
    let listing = data.flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
    guard let limits = listing?["rate_limits"] as? [[String: Any]], let limit = limits.first,
      let admitted = limit["admitted"] as? Int, let refused = limit["refused"] as? Int,
      let first = (limit["first_admitted"] as? String).flatMap(format.date(from:)),
      let last = (limit["last_admitted"] as? String).flatMap(format.date(from:))
    else {
      let text = data.map { String(decoding: $0, as: UTF8.self) } ?? "no answer"
      throw Failure(description: "the simulator's rate limits did not read: \(text)")
    }
    return Tally(admitted: admitted, refused: refused, first: first, last: last)
  }

  /// Starts the simulator at 60 order requests a minute on a clock running 5 times real time, runs
  /// `fetch --from` of 200 ids against it and reads its tally. Blocks for about 40 s: run on a thread of its
  /// own (`offThePool`), not on one of the test runner's two.
  static func twoHundredUnderTheLimit() throws -> Outcome {
    let folder = StoreCommandLineTests.folder()
    let arguments = ["sim", "--port", "0", "--clock-rate", "5", "--rate-limit", "cashfree:order=60"]
    let sim = try StoreCommandLineTests.start(arguments, in: folder, tag: "sim")
    defer {
      sim.interrupt()
      _ = StoreCommandLineTests.finish(sim, in: folder, tag: "sim")
    }
    var base = ""
    let deadline = Date().addingTimeInterval(30)
    while base.isEmpty, Date() < deadline, sim.isRunning {
      let banner = (try? String(contentsOfFile: folder + "/sim.out", encoding: .utf8)) ?? ""
      if banner.contains("limit "),
        let range = banner.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression)
      {
        base = String(banner[range])
      }
      usleep(20_000)
    }
    guard !base.isEmpty else { throw Failure(description: "the simulator did not start") }
    let ids = folder + "/ids.txt"
    try (0..<200).map { "order_\($0)" }.joined(separator: "\n").write(toFile: ids, atomically: true, encoding: .utf8)
    let run = try StoreCommandLineTests.paysh(
      ["--store", folder + "/s.sqlite", "-c", "use cashfree --base-url \(base)/pg\nfetch --from \(ids) --jobs 8"],
      in: folder)
    return Outcome(run: run, ids: ids, tally: try tally(base))
  }

  @Test func twoHundredIdsAt60AMinuteTakeTheIdealTimeWithoutTripping() async throws {
    // Three full windows and part of a fourth: the 200th let through 180 simulated seconds after the first at
    // best (36 real ones). A faster clock makes the test shorter but multiplies a loaded machine's delays as
    // much (at 10 times, a CI run measured from paysh's start to its exit took 191 s).
    let outcome = try await offThePool { try Self.twoHundredUnderTheLimit() }
    #expect(outcome.run.status == 0, "\(outcome.run.stderr)")
    #expect(outcome.run.stdout.contains("200 ids from \(outcome.ids): 200 done"), "\(outcome.run.stdout)")
    // The simulator's own count and times: from the first request it let through to the last, the span
    // the limit sets (the start of paysh and its exit are not the limiter's).
    let tally = outcome.tally
    #expect(tally.admitted == 200, "each id asked once it was let through: \(tally)")
    #expect(tally.refused <= 2, "at most 1% of the 200 refused: \(tally)")
    let took = tally.last.timeIntervalSince(tally.first)
    #expect(took >= 180, "faster than the limit allows: \(took) s")
    #expect(took <= 180 * 1.05, "within 5% of the ideal 180 s on the simulator's clock: \(took) s")
  }
}
