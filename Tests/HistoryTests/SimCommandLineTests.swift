import Foundation
import Testing

/// `paysh sim`'s rate-limit and clock-rate options, as the binary reads them.
@Suite("paysh sim --rate-limit and --clock-rate")
struct SimCommandLineTests {
  @Test(arguments: [
    ("stripe=5", "gateway must be cashfree, paytring, enkash or * (got stripe)"),
    ("cashfree:nope=5", "route must be * or one of cashfree's routes"),
    ("cashfree:order=0", "per minute must be a whole number from 1 to 100000 (got 0)"),
  ])
  func aBadRateLimitIsRefusedWithTheForms(spec: String, message: String) throws {
    let folder = StoreCommandLineTests.folder()
    let run = try StoreCommandLineTests.paysh(["sim", "--port", "0", "--quiet", "--rate-limit", spec], in: folder)
    #expect(run.status == 1, "a usage error: \(run.stderr)")
    #expect(run.stderr.contains("--rate-limit \(spec): "), "\(run.stderr)")
    #expect(run.stderr.contains(message), "\(run.stderr)")
    #expect(run.stderr.contains("N (every gateway and route), GATEWAY=N or GATEWAY:ROUTE=N"), "\(run.stderr)")
  }

  @Test func aClockRateOutOfRangeOrOnTheSystemClockIsRefused() throws {
    let folder = StoreCommandLineTests.folder()
    let fast = try StoreCommandLineTests.paysh(["sim", "--port", "0", "--quiet", "--clock-rate", "1001"], in: folder)
    #expect(fast.status == 1)
    #expect(fast.stderr.contains("--clock-rate must be from 1 to 1000"), "\(fast.stderr)")
    let system = try StoreCommandLineTests.paysh(
      ["sim", "--port", "0", "--quiet", "--clock", "system", "--clock-rate", "60"], in: folder)
    #expect(system.status == 1)
    #expect(system.stderr.contains("--clock-rate needs the fixture clock"), "\(system.stderr)")
  }

  @Test func theBannerShowsTheClockRateAndTheLimits() throws {
    let folder = StoreCommandLineTests.folder()
    let arguments = [
      "sim", "--port", "0", "--quiet", "--clock-rate", "60", "--rate-limit", "cashfree:order=60", "--rate-limit", "500",
    ]
    let process = try StoreCommandLineTests.start(arguments, in: folder, tag: "banner")
    let deadline = Date().addingTimeInterval(30)
    var banner = ""
    while Date() < deadline {
      banner = (try? String(contentsOfFile: folder + "/banner.out", encoding: .utf8)) ?? ""
      if banner.contains("*:*") || !process.isRunning { break }
      usleep(20_000)
    }
    process.interrupt()
    let run = StoreCommandLineTests.finish(process, in: folder, tag: "banner")
    #expect(run.stdout.contains("clock     fixture at 60 simulated seconds a second"), "\(run.stdout)")
    #expect(run.stdout.contains("limit     cashfree:order  60 requests a minute  (id 1)"), "\(run.stdout)")
    #expect(run.stdout.contains("limit     *:*  500 requests a minute  (id 2)"), "\(run.stdout)")
  }
}
