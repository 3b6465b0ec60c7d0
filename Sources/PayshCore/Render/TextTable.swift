/// Columns of text padded to line up, the header dimmed: the tables of `sessions` and `history`.
struct TextTable {
  var header: [String]
  var rows: [[String]] = []
  /// Columns whose cells are aligned to the right (numbers).
  var rightAligned: Set<Int> = []

  init(_ header: [String], rightAligned: Set<Int> = []) {
    self.header = header
    self.rightAligned = rightAligned
  }

  mutating func add(_ row: [String]) { rows.append(row) }

  /// The table as lines, each ending in a newline, trailing spaces removed.
  ///
  /// Cells hold values from the store and from gateways: each is escaped (`TerminalText.inline`) before it
  /// is measured and placed, so none can break the table or act on the terminal.
  func render(style: TextStyle) -> String {
    let all = ([header] + rows).map { $0.map(TerminalText.inline) }
    let widths = header.indices.map { column in
      all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0
    }
    var out = ""
    for (index, row) in all.enumerated() {
      var line = ""
      for (column, cell) in row.enumerated() {
        let padding = String(repeating: " ", count: max(0, widths[column] - cell.count))
        line += rightAligned.contains(column) ? padding + cell : cell + padding
        if column < row.count - 1 { line += "  " }
      }
      while line.hasSuffix(" ") { line.removeLast() }
      out += (index == 0 ? style.dim(line) : line) + "\n"
    }
    return out
  }
}
