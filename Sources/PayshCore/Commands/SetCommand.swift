/// `set NAME = VALUE`: set a variable, used later as `$NAME`; or name a snapshot (`set first = @last`).
struct SetCommand: CommandHandler {
  let spec = CommandSpec(
    name: "set",
    synopsis: "set NAME = VALUE | set NAME = @ref | set NAME = [@ref] .path",
    abstract: "Set a variable, or give a snapshot a name",
    discussion: """
      `set order = order_123` sets $order. Several words are joined with spaces; quote to keep them exact.
      `set first = @last` names a snapshot, usable later as @first.
      `set pid = .[0].cf_payment_id` takes a value from the last response (a jq-style path);
      `set pid = @3 .[2].cf_payment_id` from any snapshot (@N, @name, @last, @prev, @SESSION:N).
      last, prev and previous cannot name a snapshot: @last and @prev always mean the newest ones.
      The `=` may be left out: `set order order_123`. Without arguments, lists the variables like `vars`.
      """,
    examples: [
      "set order = order_3242Tq4Edj9CC5RDcMeobmJOWOBJij", "set first = @last", "set note = \"customer called\"",
      "set pid = @3 .[2].cf_payment_id",
    ],
    arguments: [
      ArgumentSpec("name", .variableName, optional: true),
      ArgumentSpec("value", .text(placeholder: "VALUE"), optional: true, repeating: true),
    ],
    freeform: true
  )

  /// The name word and the value words, `=` removed.
  static func split(_ invocation: Invocation) -> (name: Word, value: [Word])? {
    guard let name = invocation.positionals.first else { return nil }
    var value = Array(invocation.positionals.dropFirst())
    if let first = value.first, !first.quoted, first.literal == "=" { value.removeFirst() }
    return (name, value)
  }

  func check(_ invocation: Invocation) -> [Diagnostic] {
    guard let (name, value) = SetCommand.split(invocation) else { return [] }
    if let text = name.literal, text.hasSuffix("="), !name.quoted {
      return [
        invocation.syntaxError(
          "put spaces around '=': `set NAME = VALUE`", at: name, label: "here",
          hint: "write `set \(text.dropLast()) = …`")
      ]
    }
    guard let text = name.literal, !name.quoted, ShellContext.isVariableName(text) else {
      return [
        invocation.syntaxError(
          "'\(name.raw)' is not a variable name", at: name, label: "expected a name",
          hint: "names are letters, digits and _, not starting with a digit (no $ when setting)")
      ]
    }
    if value.isEmpty {
      return [
        invocation.syntaxError(
          "set \(text) needs a value", at: name, label: "value missing",
          hint: "write `set \(text) = VALUE`; `unset \(text)` removes it")
      ]
    }
    if SetCommand.capture(value) != nil { return [] }
    if value.count > 1, value.contains(where: { $0.refName != nil }) {
      return [
        invocation.syntaxError(
          "a snapshot reference stands alone after =, or before one path", at: value[1],
          hint: "write `set \(text) = @ref` or `set \(text) = @ref .path`")
      ]
    }
    if value.count == 1, value[0].refName != nil, SnapshotRef.reservedNames.contains(text) {
      return [
        invocation.syntaxError(
          "@\(text) cannot be renamed: it always means the \(text == "last" ? "newest snapshot" : "one before it")",
          at: name, label: "reserved", hint: "choose another name, e.g. `set first = \(value[0].raw)`")
      ]
    }
    return []
  }

  /// `@ref .path`: a value taken from that snapshot (the words after `=`), when the words are that.
  static func capture(_ value: [Word]) -> (ref: Word, path: Word)? {
    guard value.count == 2, value[0].refName != nil, !value[1].quoted, value[1].literal?.hasPrefix(".") == true
    else { return nil }
    return (value[0], value[1])
  }

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    guard let (nameWord, value) = SetCommand.split(invocation), let name = nameWord.literal else {
      try await VarsCommand().run(invocation, in: shell)
      return
    }
    if value.count == 1, let refText = value[0].refName, let ref = SnapshotRef(refText) {
      let resolver = SnapshotResolver(shell: shell, invocation: invocation)
      // @last and @prev move as snapshots arrive: pin the name to the snapshot they mean now.
      let pinned = (try? shell.services.snapshots.count()) ?? 0 > 0 ? try resolver.pin(ref, at: value[0]) : ref
      shell.context.refs[name] = pinned
      shell.context.variables[name] = nil
      if case .index(let number) = pinned, let log = shell.services.snapshots as? StoredSnapshotLog {
        try log.tag(name, number: number)  // kept with the session, so `open` brings the name back
      }
      return
    }
    let refWord = SetCommand.capture(value)?.ref
    let pathWord = SetCommand.capture(value)?.path ?? value[0]
    if refWord != nil || value.count == 1, !pathWord.quoted, let path = pathWord.literal, path.hasPrefix(".") {
      let resolver = SnapshotResolver(shell: shell, invocation: invocation)
      guard refWord != nil || (try? shell.services.snapshots.count()) ?? 0 > 0 else {
        throw invocation.error(
          "no response to take \(path) from yet", at: pathWord,
          hint: "fetch an order first; to set a literal value that starts with '.', quote it: \"\(path)\"")
      }
      let snapshot = try resolver.resolve(refWord)
      let values = try resolver.values(
        at: pathWord, text: path, in: try resolver.json(snapshot, at: refWord ?? pathWord))
      guard values.count == 1 else {
        throw invocation.error(
          "\(path) gives \(values.count) values in @\(snapshot.number); set takes one", at: pathWord)
      }
      shell.context.variables[name] = values[0].scalarText ?? JSONPrinter.compact(values[0])
      shell.context.refs[name] = nil
      return
    }
    let text = try value.map { try shell.expand($0, in: invocation) }.joined(separator: " ")
    shell.context.variables[name] = text
    shell.context.refs[name] = nil
  }
}
