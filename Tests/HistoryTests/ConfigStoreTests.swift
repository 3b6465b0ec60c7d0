import Foundation
import Testing

/// The store is chosen before any command, from config.toml among others: a config file with mistakes is
/// refused in one line at start-up, never read as if it named no store (the hostile review's find: a typo
/// sent a team's sessions to the local file in silence).
@Suite("config.toml and the store")
struct ConfigStoreTests {
  @Test func aConfigFileWithMistakesIsRefusedAtStartUp() throws {
    let home = NSTemporaryDirectory() + "paysh-config-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: home + "/.config/paysh", withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: home) }
    try "store = \"postgres://asha@db.example/paysh\"\nauthor = x\u{1b}[31m\n".write(
      toFile: home + "/.config/paysh/config.toml", atomically: true, encoding: .utf8)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: HistoryTests.binary)
    process.arguments = ["-c", "sessions"]
    process.environment = ["PATH": "/usr/bin:/bin", "HOME": home, "NO_COLOR": "1"]
    let err = Pipe()
    process.standardError = err
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let said = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 1)
    #expect(said.contains("config.toml has mistakes") && said.contains("(line 2)"), "\(said)")
    #expect(said.contains("its store, author and password settings were not read"))
    #expect(!said.contains("\u{1b}"), "the file's text never reaches the terminal raw")
    #expect(!FileManager.default.fileExists(atPath: home + "/.local/share/paysh/paysh.sqlite"), "nothing stored")
  }
}
