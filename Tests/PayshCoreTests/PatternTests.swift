import Foundation
import Testing

@testable import PayshCore

/// `expect … matches` patterns: linear time whatever the pattern, correct answers, cancellable, and the
/// syntax `help expect` documents.
@Suite("patterns")
struct PatternTests {
  static func matches(_ pattern: String, _ text: String) throws -> Bool {
    try Pattern(pattern).matches(in: text)
  }

  @Test(arguments: [
    ("(a+)+$", false), ("^(a|a)+$", false), ("^(a|aa)+$", false), ("(.*a){20}", true), ("^(a*)*$", false),
    ("(x+x+)+y", false), ("^(\\w+\\s?)*$", false), ("a+!$", true),
  ])
  func catastrophicPatternsAnswerAtOnce(_ pattern: String, _ expected: Bool) throws {
    let text = String(repeating: "a", count: 30) + "!"
    let started = Date()
    #expect(try Self.matches(pattern, text) == expected, "\(pattern)")
    #expect(Date().timeIntervalSince(started) < 0.5, "\(pattern) took \(Date().timeIntervalSince(started)) s")
  }

  @Test(arguments: [
    ("\\d{3}-\\d{4}", "call 555-1234 now", true), ("^\\d{3}$", "1234", false),
    ("[^@]+@example\\.com$", "a@example.com", true),
    ("[^@]+@example\\.com$", "a@exampleXcom", false), ("\\bcat\\b", "a cat sat", true),
    ("\\bcat\\b", "concatenate", false),
    ("colou?r", "color", true), ("(?:ab)+c", "xababc", true), ("(?<year>\\d{4})-\\d\\d", "2026-11", true),
    ("a{2,3}", "a", false), ("^a{2,3}$", "aaa", true), ("^a{2,3}$", "aaaa", false), ("^a{2,}$", "aaaaa", true),
    ("[a\\-z]", "-", true), ("[a-c]+", "xbx", true), ("^.$", "\n", false), ("^caf.$", "café", true), ("", "x", true),
    ("^$", "", true), ("a|b|c", "zzc", true), ("^(paid|PAID)$", "PAID", true), ("x{", "ax{", true),
    ("\\s\\S\\w\\W\\D", " a_!x", true), ("SUCCESS|FAILED", "FAILED", true), ("a+?b", "aab", true),
  ])
  func theSyntaxMatchesAsDocumented(_ pattern: String, _ text: String, _ expected: Bool) throws {
    #expect(try Self.matches(pattern, text) == expected, "\(pattern) on \(text)")
  }

  @Test(arguments: [
    ("(", "never closed"), (")", "closes no group"), ("[a", "never closed"), ("*a", "nothing to repeat"),
    ("a**", "repeats a repeat"), ("(?=a)", "look-around"), ("(?<!a)", "look-around"), ("(a)\\1", "back-references"),
    ("a{1001}", "over 1000"), ("(a{1000}){1000}", "too large"), ("\\q", "not an escape"), ("[z-a]", "backwards"),
    ("a++", "possessive"), ("^*", "repeats an anchor"), ("(?i)a", "not supported"),
    (String(repeating: "(", count: 200) + "a" + String(repeating: ")", count: 200), "deeper than 100"),
  ])
  func whatIsNotSupportedIsRefusedClearly(_ pattern: String, _ message: String) {
    do {
      _ = try Pattern(pattern)
      Issue.record("\(pattern) was accepted")
    } catch {
      #expect(error.message.contains(message), "\(pattern): \(error.message)")
    }
  }

  @Test func aLongMatchStopsWhenCancelled() async throws {
    let pattern = try Pattern("(a|b|c|d|e){300}z")
    let text = String(repeating: "a", count: 4_000_000)
    let task = Task { try pattern.matches(in: text) }
    try await Task.sleep(for: .milliseconds(100))
    task.cancel()
    // A match that only looked at cancellation once done would return `false` here, not throw (no timing
    // assertion: this machine is shared and noisy).
    await #expect(throws: CancellationError.self) { try await task.value }
  }
}
