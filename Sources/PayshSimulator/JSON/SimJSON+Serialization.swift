extension SimJSON {
  /// Compact JSON text, members in their stored order.
  public var compactText: String {
    var output = ""
    write(to: &output, indent: nil, level: 0)
    return output
  }

  /// Indented JSON text (two spaces), members in their stored order.
  public var prettyText: String {
    var output = ""
    write(to: &output, indent: "  ", level: 0)
    return output
  }

  /// Compact JSON as UTF-8 bytes.
  public var compactBytes: [UInt8] { Array(compactText.utf8) }

  func write(to output: inout String, indent: String?, level: Int) {
    switch self {
    case .null: output += "null"
    case .bool(let value): output += value ? "true" : "false"
    case .number(let text): output += text
    case .string(let text): Self.writeString(text, to: &output)
    case .array(let items):
      if items.isEmpty {
        output += "[]"
        return
      }
      output += "["
      for (position, item) in items.enumerated() {
        if position > 0 { output += "," }
        Self.newline(&output, indent: indent, level: level + 1)
        item.write(to: &output, indent: indent, level: level + 1)
      }
      Self.newline(&output, indent: indent, level: level)
      output += "]"
    case .object(let members):
      if members.isEmpty {
        output += "{}"
        return
      }
      output += "{"
      for (position, member) in members.enumerated() {
        if position > 0 { output += "," }
        Self.newline(&output, indent: indent, level: level + 1)
        Self.writeString(member.key, to: &output)
        output += indent == nil ? ":" : ": "
        member.value.write(to: &output, indent: indent, level: level + 1)
      }
      Self.newline(&output, indent: indent, level: level)
      output += "}"
    }
  }

  static func newline(_ output: inout String, indent: String?, level: Int) {
    guard let indent else { return }
    output += "\n"
    for _ in 0..<level { output += indent }
  }

  static func writeString(_ text: String, to output: inout String) {
    output += "\""
    if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
      output += text
      output += "\""
      return
    }
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": output += "\\\""
      case "\\": output += "\\\\"
      case "\n": output += "\\n"
      case "\r": output += "\\r"
      case "\t": output += "\\t"
      case let control where control.value < 0x20:
        let hex = String(control.value, radix: 16)
        output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: output.unicodeScalars.append(scalar)
      }
    }
    output += "\""
  }
}
