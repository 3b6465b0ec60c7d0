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
  /// The simulator's clock, to the second: `GET /_sim/clock`.
  static func simulatorNow(_ base: String) throws -> Date {
    let got = Mutex<Data?>(nil)
    let done = DispatchSemaphore(value: 0)
    URLSession.shared.dataTask(with: URL(string: base + "/_sim/clock")!) { data, _, _ in
      got.withLock { $0 = data }
      done.signal()
    }.resume()
    done.wait()
    let data = try #require(got.withLock { $0 })
    let text = try #require(
      (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["now"] as? String)
    return try #require(ISO8601DateFormatter().date(from: text))
  }

  @Test func twoHundredIdsAt60AMinuteTakeTheIdealTimeWithoutTripping() throws {
    // 60 requests a minute on a clock running 10 times real time: three full windows and part of a fourth,
    // 180 simulated seconds at best (18 real ones).
    let folder = StoreCommandLineTests.folder()
    let arguments = ["sim", "--port", "0", "--clock-rate", "10", "--rate-limit", "cashfree:order=60"]
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
    let before = try Self.simulatorNow(base)
    let run = try StoreCommandLineTests.paysh(
      [
        "--store", folder + "/s.sqlite", "-c",
        "use cashfree --base-url \(base)/pg\nfetch --from \(folder)/ids.txt --jobs 8",
      ],
      in: folder)
    let took = try Self.simulatorNow(base).timeIntervalSince(before)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("200 ids from \(folder)/ids.txt: 200 done"), "\(run.stdout)")
    let log = (try? String(contentsOfFile: folder + "/sim.out", encoding: .utf8)) ?? ""
    let refused = log.split(separator: "\n").filter { $0.contains("/pg/orders/order_") && $0.contains(" 429 ") }
    #expect(refused.count <= 2, "at most 1% of the 200 refused: \(refused)")
    // The clock is read to the second: one either side.
    #expect(took >= 179, "faster than the limit allows: \(took) s")
    #expect(took <= 180 * 1.05 + 1, "within 5% of the ideal 180 s on the simulator's clock: \(took) s")
  }
}
