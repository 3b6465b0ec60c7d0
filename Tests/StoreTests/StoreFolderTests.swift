import Foundation
import Testing

@testable import PayshCore

/// Which store paths need folders made, and which are refused.
@Suite("store folders")
struct StoreFolderTests {
  @Test func onlyAFolderThatDoesNotExistIsAProblem() {
    let folder = StoreFixtures.folder()
    #expect(StoreLocation.folderProblem(folder + "/missing/s.sqlite")?.contains("does not exist") == true)
    #expect(StoreLocation.folderProblem(folder + "/s.sqlite") == nil)
    #expect(StoreLocation.folderProblem("s.sqlite") == nil)
    #expect(StoreLocation.folderProblem(":memory:") == nil)
  }

  @Test func theDefaultLocationMakesItsFolders() throws {
    let base = StoreFixtures.folder() + "/data"
    let location = StoreLocation.resolve(environment: ["XDG_DATA_HOME": base])
    #expect(location?.path == base + "/paysh/paysh.sqlite")
    #expect(location?.given == false)
    #expect(StoreLocation.resolve(override: "/x.sqlite", environment: [:])?.given == true)
    #expect(StoreLocation.resolve(environment: ["PAYSH_STORE": "/y"])?.given == true)
    _ = try SessionStore(path: base + "/paysh/paysh.sqlite", makeFolders: true)
    #expect(FileManager.default.fileExists(atPath: base + "/paysh/paysh.sqlite"))
  }
}
