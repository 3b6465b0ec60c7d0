/// The records of CSV text (RFC 4180: `,` between fields, `"` around a field that holds `,`, `"` or a line
/// break, `""` for a quote inside one; CRLF or LF), each with the line it starts on.
///
/// Written here rather than taken from a library because `--from FILE` must name the line of every bad row
/// (ragged, an unclosed quote) and go on with the rest: the Swift CSV readers in reach (yaslab/CSV.swift,
/// SwiftCSV) give neither line numbers nor a way past a bad record.
struct CSVRows {
  /// One record: its fields and the line (1-based) it begins on.
  struct Record: Sendable, Hashable {
    var fields: [String]
    var line: Int
    /// Set when the record is malformed (a quote never closed, text after a closing quote).
    var problem: String?
  }

  /// Splits `text` into records. A line break inside quotes belongs to the field; an empty line is a record
  /// of one empty field.
  static func records(_ text: String) -> [Record] {
    var records: [Record] = []
    each(Array(text.utf8)[...]) { records.append($0) }
    return records
  }

  /// Hands each record of `bytes` (UTF-8) to `body` as it is read, so a long file is never held as records
  /// (`IDList` keeps only the ids).
  static func each(_ bytes: ArraySlice<UInt8>, _ body: (Record) -> Void) {
    var fields: [String] = []
    var field: [UInt8] = []
    var line = 1
    var start = 1
    var quoted = false
    var afterQuote = false
    var problem: String?
    var index = bytes.startIndex
    func endField() {
      fields.append(String(decoding: field, as: UTF8.self))
      field.removeAll(keepingCapacity: true)
      afterQuote = false
    }
    func endRecord() {
      endField()
      body(Record(fields: fields, line: start, problem: problem))
      fields.removeAll(keepingCapacity: true)
      problem = nil
    }
    while index < bytes.endIndex {
      let byte = bytes[index]
      index += 1
      if quoted {
        if byte == UInt8(ascii: "\"") {
          if index < bytes.endIndex, bytes[index] == UInt8(ascii: "\"") {
            field.append(byte)
            index += 1
          } else {
            quoted = false
            afterQuote = true
          }
        } else {
          if byte == UInt8(ascii: "\n") { line += 1 }
          field.append(byte)
        }
        continue
      }
      switch byte {
      case UInt8(ascii: ","): endField()
      case UInt8(ascii: "\r") where index < bytes.endIndex && bytes[index] == UInt8(ascii: "\n"): continue
      case UInt8(ascii: "\n"):
        endRecord()
        line += 1
        start = line
      case UInt8(ascii: "\"") where field.isEmpty && !afterQuote: quoted = true
      default:
        if afterQuote, problem == nil { problem = "text after a closing quote" }
        field.append(byte)
      }
    }
    if quoted { problem = "a quote opened on line \(start) is never closed" }
    if !fields.isEmpty || !field.isEmpty || quoted || afterQuote { endRecord() }
  }
}
