import Foundation
import Testing

@testable import PayshCore

/// Where a store may be made: `:memory:` is in memory, a given path's folder must exist.
@Suite("store location")
struct StoreLocationTests {
  @Test func aStoreInMemoryMakesNoFile() async throws {
    let folder = StoreFixtures.folder()
    let previous = FileManager.default.currentDirectoryPath
    // Nothing named `:memory:` may appear where paysh runs (it used to be made in the current folder).
    let (status, output) = await StoreFixtures.run("save scratch\nsessions", store: ":memory:")
    #expect(status == .ok, "\(output.standardError)")
    #expect(output.standardOutput.contains("scratch"))
    #expect(!FileManager.default.fileExists(atPath: previous + "/:memory:"))
    #expect(!FileManager.default.fileExists(atPath: folder + "/:memory:"))
  }

  @Test func aGivenStoreInAFolderThatDoesNotExistIsRefusedAndNoFolderIsMade() async throws {
    let folder = StoreFixtures.folder() + "/missing/deeper"
    let (status, output) = await StoreFixtures.run("save scratch", store: folder + "/s.sqlite")
    #expect(status == .runtime)
    #expect(output.standardError.contains("does not exist"), "\(output.standardError)")
    #expect(!FileManager.default.fileExists(atPath: folder))
  }
}
