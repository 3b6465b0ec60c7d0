import Foundation
import Testing

/// `paysh run` of someone else's script in your store: it cannot drop your sessions or write files unless
/// you pass `--allow-store-changes`.
@Suite("paysh run leaves the store alone")
struct ReplayRefusalTests {
  @Test func aTeammatesDropIsRefusedUnlessAllowed() throws {
    let folder = NSTemporaryDirectory() + "paysh-refusal-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let store = folder + "/s.sqlite"
    #expect(try CommandLineTests.paysh(["--store", store, "-c", "save victim"]).status == 0)
    try "echo hello\ndrop victim --yes\nexport victim \(folder)/out.paysh\n".write(
      toFile: folder + "/t.ops", atomically: true, encoding: .utf8)
    let refused = try CommandLineTests.paysh(["run", "--store", store, folder + "/t.ops"])
    #expect(refused.status == 3)
    #expect(refused.stderr.contains("error: refused in a replay: `drop` would delete the stored session victim"))
    #expect(refused.stderr.contains("--allow-store-changes"), "\(refused.stderr)")
    #expect(try CommandLineTests.paysh(["--store", store, "-c", "sessions"]).stdout.contains("victim"))
    let allowed = try CommandLineTests.paysh(["run", "--store", store, folder + "/t.ops", "--allow-store-changes"])
    #expect(allowed.stdout.contains("dropped victim"), "\(allowed.stderr)")
    #expect(!(try CommandLineTests.paysh(["--store", store, "-c", "sessions"]).stdout.contains("victim")))
  }
}
