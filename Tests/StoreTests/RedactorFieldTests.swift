import Testing

@testable import PayshCore

/// The redactor's fast field checks agree with its lists, so the lists stay the one place to add a field.
@Suite("Redactor field names")
struct RedactorFieldTests {
  @Test func fastChecksMatchTheLists() {
    for field in Redactor.secretFields { #expect(Redactor.isSecretField(field), "\(field)") }
    for field in Redactor.cardFields { #expect(Redactor.isCardField(field), "\(field)") }
    for other in ["order_id", "payment", "hashes", "pins", "tokenized", "", "cardholder"] {
      #expect(!Redactor.isSecretField(Redactor.fieldKey(other)), "\(other)")
      #expect(!Redactor.isCardField(Redactor.fieldKey(other)), "\(other)")
    }
    #expect(Redactor.isSecretField(Redactor.fieldKey("Client-Secret")))
    #expect(Redactor.isCardField(Redactor.fieldKey("card_number")))
    #expect(Redactor.fieldKey(String(repeating: "a", count: 49)) == "")
  }
}
