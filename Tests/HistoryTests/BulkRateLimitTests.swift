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
  /// The simulator's one rate limit as `GET /_sim/rate-limits` lists it: what it admitted and refused, and
  /// when (on the simulator's clock, to the millisecond) it admitted the first and the last.
  static func tally(_ base: String) throws -> (admitted: Int, refused: Int, first: Date, last: Date) {
    let got = Mutex<Data?>(nil)
    let done = DispatchSemaphore(value: 0)
    URLSession.shared.dataTask(with: URL(string: base + "/_sim/rate-limits")!) { data, _, _ in
      got.withLock { $0 = data }
      done.signal()
    }.resume()
    done.wait()
    let data = try #require(got.withLock { $0 })
    let limits = try #require(
      (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["rate_limits"] as? [[String: Any]])
    let limit = try #require(limits.first)
    let format = ISO8601DateFormatter()
    format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    func at(_ key: String) throws -> Date {
      let text = try #require(limit[key] as? String)
      return try #require(format.date(from: text))
    }
    return (
      try #require(limit["admitted"] as? Int), try #require(limit["refused"] as? Int), try at("first_admitted"),
      try at("last_admitted")
    )
  }

  @Test func twoHundredIdsAt60AMinuteTakeTheIdealTimeWithoutTripping() throws {
    // 60 requests a minute on a clock running 5 times real time: three full windows and part of a fourth,
    // the 200th let through 180 simulated seconds after the first at best (36 real ones). A faster clock
    // makes the test shorter but multiplies a loaded machine's delays as much (at 10 times, a CI run
    // measured from paysh's start to its exit took 191 s).
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
    try #require(!base.isEmpty, "the simulator did not start")
    try (0..<200).map { "order_\($0)" }.joined(separator: "\n").write(
      toFile: folder + "/ids.txt", atomically: true, encoding: .utf8)
    let run = try StoreCommandLineTests.paysh(
      [
        "--store", folder + "/s.sqlite", "-c",
        "use cashfree --base-url \(base)/pg\nfetch --from \(folder)/ids.txt --jobs 8",
      ],
      in: folder)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("200 ids from \(folder)/ids.txt: 200 done"), "\(run.stdout)")
    // The simulator's own count and times: from the first request it let through to the last, the span
    // the limit sets (the start of paysh and its exit are not the limiter's).
    let tally = try Self.tally(base)
    #expect(tally.admitted == 200, "each id asked once it was let through: \(tally)")
    #expect(tally.refused <= 2, "at most 1% of the 200 refused: \(tally)")
    let took = tally.last.timeIntervalSince(tally.first)
    #expect(took >= 180, "faster than the limit allows: \(took) s")
    #expect(took <= 180 * 1.05, "within 5% of the ideal 180 s on the simulator's clock: \(took) s")
  }
}
