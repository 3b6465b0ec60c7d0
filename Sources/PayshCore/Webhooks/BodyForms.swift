import PayshJSON

/// The common ways a webhook's body is changed between the gateway and the merchant's verifier: a framework
/// that parses the JSON and writes it again (numbers re-formatted `170.00` → `170`, whitespace, key order,
/// non-ASCII escaped), or a newline added or lost. `verify` signs each form of the captured body to say
/// which one the gateway signed (the signature is over the raw body: reference/cashfree.md section 5).
enum BodyForms {
  /// Bodies past this are not re-written: each form is a parse, a write and an HMAC, and a webhook is a few
  /// kilobytes (a 1.7 MB body took 40 s in a debug build).
  static let maxBytes = 256 << 10

  /// How numbers are written in a form.
  enum Numbers: CaseIterable {
    case asSent, amountsTwoDecimals, shortest
    var label: String? {
      switch self {
      case .asSent: nil
      case .amountsTwoDecimals: "amounts with two decimals (170 → 170.00)"
      case .shortest: "numbers in their shortest form (170.00 → 170)"
      }
    }
  }

  struct Writer {
    var name: String
    var item: String
    var key: String
    var indent: Int?
    var asciiOnly: Bool
    var htmlEscaped: Bool
  }

  static let writers = [
    Writer(
      name: "compact (JavaScript's JSON.stringify)", item: ",", key: ":", indent: nil, asciiOnly: false,
      htmlEscaped: false),
    Writer(
      name: "compact with <, >, & escaped (Go's encoding/json)", item: ",", key: ":", indent: nil,
      asciiOnly: false, htmlEscaped: true),
    Writer(
      name: "with spaces after , and : (Python's json.dumps)", item: ", ", key: ": ", indent: nil,
      asciiOnly: true, htmlEscaped: false),
    Writer(name: "indented by 2", item: ",", key: ": ", indent: 2, asciiOnly: false, htmlEscaped: false),
    Writer(name: "indented by 4", item: ",", key: ": ", indent: 4, asciiOnly: false, htmlEscaped: false),
  ]

  /// Each other form of `body`, named; none when it is not JSON (its newline forms still).
  static func forms(of body: [UInt8]) -> [(name: String, bytes: [UInt8])] {
    var forms: [(name: String, bytes: [UInt8])] = []
    if body.last == 10 {
      forms.append(("with its trailing newline removed", Array(body.dropLast(body.suffix(2) == [13, 10] ? 2 : 1))))
    } else {
      forms.append(("with a newline added", body + [10]))
    }
    guard let value = try? JSONParser.parse(body) else { return forms }
    for writer in writers {
      for sorted in [false, true] {
        for numbers in Numbers.allCases {
          let name =
            "written \(writer.name)" + (sorted ? ", keys sorted" : "") + (numbers.label.map { ", " + $0 } ?? "")
          var out: [UInt8] = []
          write(value, key: nil, level: 0, writer, sorted: sorted, numbers: numbers, to: &out)
          if out != body { forms.append((name, out)) }
        }
      }
    }
    return forms
  }

  static func write(
    _ value: JSONValue, key: String?, level: Int, _ writer: Writer, sorted: Bool, numbers: Numbers,
    to out: inout [UInt8]
  ) {
    func newline(_ level: Int) {
      guard let indent = writer.indent else { return }
      out.append(10)
      out.append(contentsOf: [UInt8](repeating: 32, count: indent * level))
    }
    switch value {
    case .null: out.append(contentsOf: "null".utf8)
    case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
    case .number(let number): out.append(contentsOf: format(number.text, key: key, numbers).utf8)
    case .string(let text): quote(text, writer, to: &out)
    case .array(let items):
      out.append(UInt8(ascii: "["))
      for (offset, item) in items.enumerated() {
        if offset > 0 { out.append(contentsOf: (writer.indent == nil ? writer.item : ",").utf8) }
        newline(level + 1)
        write(item, key: key, level: level + 1, writer, sorted: sorted, numbers: numbers, to: &out)
      }
      if !items.isEmpty { newline(level) }
      out.append(UInt8(ascii: "]"))
    case .object(let object):
      out.append(UInt8(ascii: "{"))
      let members =
        sorted ? object.members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) } : object.members
      for (offset, member) in members.enumerated() {
        if offset > 0 { out.append(contentsOf: (writer.indent == nil ? writer.item : ",").utf8) }
        newline(level + 1)
        quote(member.key, writer, to: &out)
        out.append(contentsOf: writer.key.utf8)
        write(member.value, key: member.key, level: level + 1, writer, sorted: sorted, numbers: numbers, to: &out)
      }
      if !members.isEmpty { newline(level) }
      out.append(UInt8(ascii: "}"))
    }
  }

  /// A number literal as the form writes it.
  static func format(_ text: String, key: String?, _ numbers: Numbers) -> String {
    switch numbers {
    case .asSent: return text
    case .shortest:
      guard let decimal = JSONDecimal(text) else { return text }
      return plain(decimal, decimals: 0) ?? text
    case .amountsTwoDecimals:
      let amountLike = ["amount", "charge", "tax", "adjustment"].contains { key?.lowercased().contains($0) == true }
      guard amountLike, let decimal = JSONDecimal(text), let fixed = plain(decimal, decimals: 2) else { return text }
      return fixed
    }
  }

  /// `decimal` in plain digits with at least `decimals` after the point (`170`, `170.00`, `0.05`); nil when
  /// that needs an exponent to stay short (past 30 digits) or would drop digits.
  static func plain(_ decimal: JSONDecimal, decimals: Int) -> String? {
    let digits = decimal.digits.map { Character(Unicode.Scalar($0 + 0x30)) }
    let exponent = decimal.exponent
    guard exponent <= 30, exponent >= -30 else { return nil }
    var whole: String
    var fraction: String
    if decimal.isZero {
      (whole, fraction) = ("0", "")
    } else if exponent >= 0 {
      (whole, fraction) = (String(digits) + String(repeating: "0", count: exponent), "")
    } else if digits.count > -exponent {
      whole = String(digits[..<(digits.count + exponent)])
      fraction = String(digits[(digits.count + exponent)...])
    } else {
      (whole, fraction) = ("0", String(repeating: "0", count: -exponent - digits.count) + String(digits))
    }
    if fraction.count < decimals { fraction += String(repeating: "0", count: decimals - fraction.count) }
    return (decimal.isNegative ? "-" : "") + whole + (fraction.isEmpty ? "" : "." + fraction)
  }

  static func quote(_ text: String, _ writer: Writer, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out.append(contentsOf: "\\\"".utf8)
      case "\\": out.append(contentsOf: "\\\\".utf8)
      case "\n": out.append(contentsOf: "\\n".utf8)
      case "\r": out.append(contentsOf: "\\r".utf8)
      case "\t": out.append(contentsOf: "\\t".utf8)
      case "\u{8}": out.append(contentsOf: "\\b".utf8)
      case "\u{C}": out.append(contentsOf: "\\f".utf8)
      case "<", ">", "&":
        // A `where` here would guard only the last pattern: `<` and `>` would always be escaped.
        if writer.htmlEscaped { escape(scalar.value, to: &out) } else { out.append(UInt8(scalar.value)) }
      default:
        if scalar.value < 0x20 || (writer.asciiOnly && scalar.value > 0x7E) {
          if scalar.value > 0xFFFF {
            let value = scalar.value - 0x10000
            escape(0xD800 + (value >> 10), to: &out)
            escape(0xDC00 + (value & 0x3FF), to: &out)
          } else {
            escape(scalar.value, to: &out)
          }
        } else {
          out.append(contentsOf: String(scalar).utf8)
        }
      }
    }
    out.append(UInt8(ascii: "\""))
  }

  static func escape(_ value: UInt32, to out: inout [UInt8]) {
    let digits = Array("0123456789abcdef".utf8)
    out.append(contentsOf: "\\u".utf8)
    for shift in [12, 8, 4, 0] { out.append(digits[Int((value >> UInt32(shift)) & 0xF)]) }
  }
}
