import Testing

@testable import PayshCore

/// The cap on files paysh reads.
@Suite("file cap")
struct FileCapTests {
  @Test func theCapIsEightMiBUnlessTheEnvironmentSaysOtherwise() {
    #expect(FileText.maxTextBytes(environment: [:]) == 8 << 20)
    #expect(FileText.maxTextBytes(environment: ["PAYSH_MAX_FILE_BYTES": "1000"]) == 1000)
    #expect(FileText.maxTextBytes(environment: ["PAYSH_MAX_FILE_BYTES": "lots"]) == 8 << 20)
    #expect(FileText.maxStoreBytes(environment: [:]) == 1 << 30)
  }
}
