// libFuzzer entry for the .ops lexer and parser, built by scripts/fuzz (not part of the package build).
// Beyond "does not crash", it checks the invariants diagnostics and the AST rely on.

@_cdecl("LLVMFuzzerTestOneInput")
public func parserFuzzer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  let source = SourceFile(name: "fuzz.ops", text: text)
  let script = Parser.parse(source)
  let scalarCount = text.unicodeScalars.count
  let renderer = DiagnosticRenderer(style: .ansi)
  for diagnostic in script.diagnostics {
    if let span = diagnostic.span {
      precondition(span.start.offset <= span.end.offset, "diagnostic span runs backwards")
      precondition(span.end.offset <= scalarCount, "diagnostic span past the end")
      precondition(span.start.line >= 1 && span.start.column >= 1, "positions count from 1")
    }
    _ = renderer.render(diagnostic)
  }
  var previous = -1
  for command in script.commands {
    precondition(command.span.start.offset > previous, "commands out of order")
    previous = command.span.start.offset
    precondition(source.text(of: command.name.span) == command.name.raw, "a word's raw text is its span's text")
    for word in command.arguments {
      precondition(word.span.end.offset <= scalarCount, "word past the end")
      precondition(source.text(of: word.span) == word.raw, "a word's raw text is its span's text")
      precondition(!word.raw.isEmpty, "empty word")
    }
  }
  return 0
}
