import PayshJSON
import Testing

@testable import PayshCore

@Suite("Card numbers inside text and numbers")
struct CardMaskingTests {
  @Test func aCardInsideTextIsMaskedToItsLastFour() {
    #expect(Redactor.maskingCards(in: "paid with 4111111111111111 today") == "paid with ••••••••••••1111 today")
    #expect(Redactor.maskingCards(in: "card 4111 1111 1111 1111.") == "card •••• •••• •••• 1111.")
    #expect(Redactor.maskingCards(in: "9876543210 5555555555554444") == "9876543210 ••••••••••••4444")
    #expect(Redactor().text("x=4111-1111-1111-1111") == "x=••••-••••-••••-1111")
    #expect(Redactor.maskingCards(in: "card 4111 1111 1111 1111 12 25 123") == "card •••• •••• •••• 1111 12 25 123")
    #expect(
      Redactor.maskingCards(in: "4111 1111 1111 1111 5555 5555 5555 4444") == "•••• •••• •••• 1111 •••• •••• •••• 4444")
  }

  @Test func idsTimesAndNonCardsAreKept() {
    for text in [
      "4111111111111112",  // fails Luhn
      "1701423422000",  // epoch milliseconds
      "771606428862383005",  // a Paytring order id (begins 7)
      "41111111111111111111111",  // 23 digits: an ARN, not a card
      "session_a4111111111111111b",  // digits inside a word
      "utr 123456789012",
    ] {
      #expect(Redactor.maskingCards(in: text) == text, "\(text)")
    }
  }

  @Test func aCardSentAsAJSONNumberIsMasked() throws {
    let value = try JSONParser.parse(
      Array("{\"note\":4111111111111111,\"at\":1701423422000,\"f\":4111111111111111.0,\"s\":-4111111111111111}".utf8))
    let redacted = Redactor().json(value)
    #expect(redacted.changed)
    #expect(redacted.value["note"] == .string("••••••••••••1111"))
    #expect(redacted.value["f"] == .string("••••••••••••1111"))
    #expect(redacted.value["s"] == .string("••••••••••••1111"))
    #expect(redacted.value["at"]?.scalarText == "1701423422000")
  }
}
