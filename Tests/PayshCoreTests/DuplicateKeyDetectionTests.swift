import PayshJSON
import Testing

/// `JSONObject.hasDuplicateKeys` answers as a `Set<String>` would (Swift's equality of strings) for every
/// size of object and every kind of name: pairwise for small objects, by length and first bytes for ASCII
/// names up to 64, by a set beyond or when a name is not ASCII.
@Suite("Duplicate names in an object")
struct DuplicateKeyDetectionTests {
  static func reference(_ keys: [String]) -> Bool { Set(keys).count != keys.count }

  static func object(_ keys: [String]) -> JSONObject {
    JSONObject(keys.enumerated().map { JSONObject.Member($0.element, .number(JSONNumber($0.offset))) })
  }

  @Test(arguments: [2, 5, 8, 9, 20, 63, 64, 65, 100])
  func everySizeAndPlaceOfADuplicate(_ size: Int) {
    // Names alike in length and first seven bytes, told apart only at their end.
    let keys = (0..<size).map { "order_status_\($0)" }
    #expect(!Self.object(keys).hasDuplicateKeys)
    for (first, second) in [(0, 1), (0, size - 1), (size / 2, size - 1), (size - 2, size - 1)] where first != second {
      var repeated = keys
      repeated[second] = repeated[first]
      #expect(Self.object(repeated).hasDuplicateKeys, "\(size): \(first) and \(second)")
    }
  }

  @Test func namesEqualAsSwiftComparesThemAreDuplicates() {
    let filler = (0..<20).map { "k\($0)" }
    for (a, b, same) in [
      ("K", "\u{212A}", true),  // the Kelvin sign is canonically "K"
      ("caf\u{E9}", "cafe\u{301}", true),  // é precomposed and combined
      ("a", "A", false), ("", " ", false), ("abcdefg", "abcdefgh", false), ("abcdefgX", "abcdefgY", false),
      ("", "", true), ("₹", "₹", true),
    ] {
      let keys = filler + [a, b]
      #expect(Self.object(keys).hasDuplicateKeys == same, "\(a.debugDescription) \(b.debugDescription)")
      #expect(Self.object(keys).hasDuplicateKeys == Self.reference(keys))
      #expect(Self.object([a, b]).hasDuplicateKeys == same)
    }
  }

  @Test func randomObjectsAnswerAsASetDoes() {
    var generator = SystemRandomNumberGenerator()
    let alphabet = Array("ab_Kz\u{212A}\u{E9}")
    for _ in 0..<2_000 {
      let size = Int.random(in: 0...80, using: &generator)
      let keys = (0..<size).map { _ in
        String((0..<Int.random(in: 0...9, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
      }
      #expect(Self.object(keys).hasDuplicateKeys == Self.reference(keys), "\(keys)")
    }
  }
}
