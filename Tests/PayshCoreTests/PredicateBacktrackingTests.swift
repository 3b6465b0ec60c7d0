import Foundation
import PayshJSON
import Testing

@testable import PayshCore

/// `expect … matches` with patterns that make a backtracking engine take exponential time: answered at
/// once, and correctly.
@Suite("matches never backtracks")
struct PredicateBacktrackingTests {
  static func outcome(_ pattern: String) throws -> PayshCore.Predicate.Outcome {
    let (snapshot, _) = try PredicateTests.snapshot()
    let body = try JSONParser.parse(Array(("{\"x\":\"" + String(repeating: "a", count: 30) + "!\"}").utf8))
    let words: [(text: String, quoted: Bool)] = [(".x", false), ("matches", false), (pattern, true)]
    return try PayshCore.Predicate(words: words).evaluate(snapshot, body: body)
  }

  @Test(arguments: ["(a+)+$", "^(a|a)+$", "^(a|aa)+$", "^(\\w|\\w)+$"])
  func aCatastrophicPatternIsAnsweredPromptly(_ pattern: String) throws {
    let started = Date()
    #expect(try !Self.outcome(pattern).passed)
    #expect(Date().timeIntervalSince(started) < 0.5, "\(pattern): \(Date().timeIntervalSince(started)) s")
  }

  @Test func theSamePatternsHoldWhereTheyShould() throws {
    #expect(try Self.outcome("(a+)+!$").passed)
    #expect(try Self.outcome("^(a|a)+!$").passed)
  }
}
