import PayshCore

/// Lays out completion candidates in columns, as a shell lists them under the line.
enum CandidateList {
  /// The most candidates shown at once.
  static let limit = 200

  /// `names` in columns filling `width` (80 when unknown), down then across, each line ending in CR LF
  /// (the terminal may be in raw mode).
  static func render(_ names: [String], width: Int) -> String {
    // Names can come from the store or a file: shown escaped, never acted on by the terminal.
    let shown = names.prefix(limit).map { TerminalText.inline($0) }
    guard !shown.isEmpty else { return "" }
    let width = width > 0 ? width : 80
    let cell = (shown.map(\.count).max() ?? 0) + 2
    let columns = max(1, width / cell)
    let rows = (shown.count + columns - 1) / columns
    var out = ""
    for row in 0..<rows {
      var line = ""
      for column in 0..<columns {
        let index = column * rows + row
        guard index < shown.count else { break }
        let name = shown[index]
        let isLast = column == columns - 1 || (column + 1) * rows + row >= shown.count
        line += isLast ? name : name + String(repeating: " ", count: cell - name.count)
      }
      out += line + "\r\n"
    }
    if names.count > shown.count { out += "… and \(names.count - shown.count) more\r\n" }
    return out
  }
}
