import Testing

@testable import PayshCore

@Suite("Did you mean")
struct SuggestionTests {
  @Test func editDistance() {
    #expect(Suggestion.editDistance("fetch", "fetch") == 0)
    #expect(Suggestion.editDistance("fech", "fetch") == 1)
    #expect(Suggestion.editDistance("fecth", "fetch") == 1, "a swap costs one")
    #expect(Suggestion.editDistance("", "abc") == 3)
    #expect(Suggestion.editDistance("kitten", "sitting") == 3)
  }

  @Test func closestCandidate() {
    let names = ["fetch", "help", "echo", "env", "use", "exit", "set", "vars"]
    #expect(Suggestion.closest(to: "fech", in: names) == "fetch")
    #expect(Suggestion.closest(to: "hlep", in: names) == "help")
    #expect(Suggestion.closest(to: "HELP", in: names) == "help")
    #expect(Suggestion.closest(to: "va", in: names) == "vars")
    #expect(Suggestion.closest(to: "zzzzzz", in: names) == nil)
    #expect(Suggestion.closest(to: "cashfre", in: Gateways.names) == "cashfree")
    #expect(Suggestion.closest(to: "sandbx", in: Environments.names) == "sandbox")
  }
}
