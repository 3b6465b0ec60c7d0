import Testing

@testable import PayshCore

/// The moments a case's ages are measured from: the gateway's `Date` header and ISO-8601 times.
@Suite struct InstantTests {
  @Test func anHTTPDateReadsAsItsMoment() {
    #expect(Instant(httpDate: "Wed, 15 Jan 2025 07:00:00 GMT") == Instant(iso8601: "2025-01-15T12:30:00+05:30"))
    #expect(Instant(httpDate: "Thu, 01 Jan 1970 00:00:00 GMT")?.seconds == 0)
    #expect(Instant(httpDate: "Tue, 31 Dec 2024 23:59:59 GMT") == Instant(iso8601: "2024-12-31T23:59:59Z"))
    #expect(Instant(httpDate: "Sat, 01 Mar 2024 00:00:60 GMT") == Instant(iso8601: "2024-03-01T00:01:00Z"))
  }

  @Test(arguments: [
    "", "Wed, 15 Jan 2025 07:00:00 UTC", "Wed, 15 Jan 2025 07:00:00", "Wed, 15 Foo 2025 07:00:00 GMT",
    "Wed, 32 Jan 2025 07:00:00 GMT", "Wed, 00 Jan 2025 07:00:00 GMT", "Wed, 15 Jan 2025 24:00:00 GMT",
    "Wed, 15 Jan 2025 07:60:00 GMT", "Wed, 15 Jan 2025 07:00:61 GMT", "Wed, 1x Jan 2025 07:00:00 GMT",
    "Wed, 15 Jan 20x5 07:00:00 GMT", "Wed,\u{0}15 Jan 2025 07:00:00 GMT", "Wed, 15 Jan 2025 07:00:00 GMT ",
    "Wed, 15 Jän 2025 07:00:00 GMT", "Wed, -5 Jan 2025 07:00:00 GMT",
  ])
  func anythingElseIsNoHTTPDate(_ text: String) {
    #expect(Instant(httpDate: text) == nil, "\(text)")
  }
}

/// How a gateway's time text is read as a timestamp: the shapes taken, and those refused.
@Suite struct TimestampShapeTests {
  @Test func isoTimesWithAZoneAreTakenAsWritten() {
    #expect(Timestamp.iso("2025-01-15T10:05:00+05:30")?.iso8601 == "2025-01-15T10:05:00+05:30")
    #expect(Timestamp.iso("2025-01-15 10:05:00Z")?.iso8601 == "2025-01-15T10:05:00Z")
    #expect(Timestamp.iso("2025-01-15T10:05:00.123-04:00")?.iso8601 == "2025-01-15T10:05:00.123-04:00")
    #expect(Timestamp.local("2025-01-15 10:05:00")?.iso8601 == "2025-01-15T10:05:00+05:30")
  }

  @Test(arguments: [
    "", "2025-01-15T10:05:00", "2025-01-1xT10:05:00Z", "2025/01/15T10:05:00Z", "2025-01-15T10-05:00Z",
    "2025-01-15T10:05:00+0530", "2025-01-15T10:05:00+05:3x", "2025-01-15X10:05:00Z", "2025-01-15T10:05:00 Z",
    "٢٠٢٥-01-15T10:05:00Z",
  ])
  func otherShapesAreRefused(_ text: String) {
    #expect(Timestamp.iso(text) == nil)
  }
}
