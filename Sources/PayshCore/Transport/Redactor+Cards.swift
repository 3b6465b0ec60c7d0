extension Redactor {
  /// `text` with every card number inside it masked to its last four digits: a run of 13 to 19 digits
  /// (single spaces or dashes between groups allowed) that passes the Luhn check and begins with a digit
  /// payment networks issue cards under (2–6, 8: ISO/IEC 7812's 0, 1, 7 and 9 are not card industries, and
  /// this keeps epoch-millisecond times and numeric ids whole). A run longer than 19 digits is no card, but
  /// consecutive space- or dash-separated groups of it may be one; digits run together with letters are part of
  /// a word (a token, an id), not a card.
  static func maskingCards(in text: String) -> String {
    guard mayHoldCard(text) else { return text }
    let bytes = Array(text.utf8)
    var masked: [Bool] = []  // made when the first card is found
    var changed = false
    var index = 0
    while index < bytes.count {
      guard isDigit(bytes[index]), index == 0 || !isDigit(bytes[index - 1]) else {
        index += 1
        continue
      }
      // The run: digits, with one separator between groups.
      var end = index
      while end < bytes.count {
        if isDigit(bytes[end]) {
          end += 1
        } else if isSeparator(bytes[end]), end + 1 < bytes.count, isDigit(bytes[end + 1]) {
          end += 1
        } else {
          break
        }
      }
      let preceded = index > 0 && isLetter(bytes[index - 1])
      let followed = end < bytes.count && isLetter(bytes[end])
      if !preceded, !followed, mask(bytes, index..<end, into: &masked) {
        changed = true
      } else {
        // Runs of consecutive groups: `4111 1111 1111 1111 12 25` holds a card followed by more digits.
        var groups: [Range<Int>] = []
        var start = index
        for position in index...end where position == end || isSeparator(bytes[position]) {
          groups.append(start..<position)
          start = position + 1
        }
        var first = 0
        while first < groups.count {
          var digits = 0
          var last = first
          var found: Int?
          while last < groups.count, digits + groups[last].count <= 19 {
            digits += groups[last].count
            let touches = (first == 0 && preceded) || (last == groups.count - 1 && followed)
            if digits >= 13, !touches, mask(bytes, groups[first].lowerBound..<groups[last].upperBound, into: &masked) {
              found = last
              break
            }
            last += 1
          }
          if let found {
            changed = true
            first = found + 1
          } else {
            first += 1
          }
        }
      }
      index = end
    }
    guard changed else { return text }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + 32)
    for (position, byte) in bytes.enumerated() {
      if masked[position] { out += [0xE2, 0x80, 0xA2] } else { out.append(byte) }  // • U+2022
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// False when no run of digits and single separators in `text` reaches 13 digits: one pass over the bytes,
  /// no copy (almost every text paysh writes or stores, so the masking costs it next to nothing).
  static func mayHoldCard(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { bytes in
      var run = 0
      var previousWasSeparator = false
      for byte in bytes {
        if isDigit(byte) {
          run += 1
          if run >= 13 { return true }
          previousWasSeparator = false
        } else if isSeparator(byte), run > 0, !previousWasSeparator {
          previousWasSeparator = true
        } else {
          run = 0
          previousWasSeparator = false
        }
      }
      return false
    }
  }

  /// Marks the digits of `range` but the last four for masking when they form a card number; true when
  /// they do.
  static func mask(_ bytes: [UInt8], _ range: Range<Int>, into masked: inout [Bool]) -> Bool {
    guard range.count >= 13 else { return false }
    let digits = bytes[range].filter(isDigit)
    guard isCardRun(digits) else { return false }
    if masked.isEmpty { masked = [Bool](repeating: false, count: bytes.count) }
    var left = digits.count - 4
    for position in range where isDigit(bytes[position]) && left > 0 {
      masked[position] = true
      left -= 1
    }
    return true
  }

  /// 13 to 19 ASCII digits beginning 2–6 or 8 and passing the Luhn check.
  static func isCardRun(_ digits: [UInt8]) -> Bool {
    guard (13...19).contains(digits.count), let first = digits.first else { return false }
    guard (0x32...0x36).contains(first) || first == 0x38 else { return false }
    var sum = 0
    for (offset, byte) in digits.reversed().enumerated() {
      let digit = Int(byte - 0x30)
      if offset % 2 == 1 {
        let doubled = digit * 2
        sum += doubled > 9 ? doubled - 9 : doubled
      } else {
        sum += digit
      }
    }
    return sum % 10 == 0
  }

  static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
  static func isSeparator(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "-") }
  static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
}
