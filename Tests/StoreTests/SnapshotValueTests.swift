import Testing

@testable import PayshCore

/// A snapshot keeps its fields in one shared box (copies are one reference): it must still behave as a
/// value, a changed copy never changing the snapshot it was copied from.
@Suite("Snapshot is a value")
struct SnapshotValueTests {
  @Test func aChangedCopyLeavesTheOriginalAsItWas() {
    let original = StoreFixtures.snapshot()
    var copy = original
    #expect(copy == original)
    copy.number = 7
    copy.author = "ravi"
    copy.body = Array("{}".utf8)
    copy.responseHeaders.append(HTTPHeader("x-request-id", "r1"))
    copy.order?.rawStatus = "ACTIVE"
    #expect(original.number == 0)
    #expect(original.author == nil)
    #expect(original.bodyText.hasPrefix("{\"order_id\""))
    #expect(original.responseHeaders == [HTTPHeader("Content-Type", "application/json")])
    #expect(original.order?.rawStatus == "PAID")
    #expect(copy.number == 7 && copy.author == "ravi" && copy.bodyText == "{}")
    #expect(copy.requestID == "r1" && copy.order?.rawStatus == "ACTIVE")
    #expect(copy != original)
  }

  @Test func equalFieldsMakeEqualSnapshotsWithEqualHashes() {
    var one = StoreFixtures.snapshot()
    let two = StoreFixtures.snapshot()
    #expect(one == two)
    #expect(one.hashValue == two.hashValue)
    #expect(Set([one, two]).count == 1)
    one.latencyMicroseconds += 1
    #expect(one != two)
    one.latencyMicroseconds -= 1
    #expect(one == two && one.hashValue == two.hashValue)
  }
}
