/// How session commands reach the store: the shell's log, opened on demand, with failures as diagnostics.
extension Invocation {
  /// The shell's store-backed snapshot log, or an error when this shell keeps snapshots only in memory.
  func sessionLog(_ shell: Interpreter) throws -> StoredSnapshotLog {
    guard let log = shell.services.snapshots as? StoredSnapshotLog else {
      throw error(
        "this shell has no session store",
        hint: "paysh keeps sessions in \(StoreLocation.path(environment: [:]) ?? "~/.local/share/paysh/paysh.sqlite")")
    }
    return log
  }

  /// Runs `body` against the store, turning a refusal or failure into one clear line.
  func withStore<T>(_ shell: Interpreter, _ body: (StoredSnapshotLog, any SessionStorage) throws -> T) throws -> T {
    let log = try sessionLog(shell)
    do {
      try log.flushCommands()
      return try body(log, try log.store())
    } catch let refusal as StoreError {
      throw error("\(refusal)")
    }
  }

  /// The literal or expanded text of positional `index`.
  func text(at index: Int, _ shell: Interpreter) throws -> String? {
    guard positionals.indices.contains(index) else { return nil }
    return try shell.expand(positionals[index], in: self)
  }
}

/// Session names: letters, digits, `_`, `-` and `.`, starting with a letter or digit, at most 64.
enum SessionName {
  static func problem(_ name: String) -> String? {
    if name.isEmpty || name.count > 64 { return "a session name has 1 to 64 characters" }
    if name.hasPrefix("unsaved-") { return "names starting with unsaved- are kept for unsaved sessions" }
    let allowed = name.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
        || $0 == "."
    }
    guard allowed, let first = name.unicodeScalars.first, first != "-", first != "." else {
      return "a session name is letters, digits, _, - and . (not starting with - or .)"
    }
    return nil
  }

  /// `name` made to follow the rules of `problem` (for a name that came in a file): each other character
  /// becomes `_`, a leading `-` or `.` is dropped, the length kept to 56 (room for a `-N` suffix); nil when
  /// nothing usable is left.
  static func conforming(_ name: String) -> String? {
    if problem(name) == nil { return name }
    var scalars = name.unicodeScalars.map { scalar -> Unicode.Scalar in
      let allowed =
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
        || scalar == "_" || scalar == "-" || scalar == "."
      return allowed ? scalar : "_"
    }
    while let first = scalars.first, first == "-" || first == "." { scalars.removeFirst() }
    var result = String(String.UnicodeScalarView(scalars.prefix(56)))
    if result.hasPrefix("unsaved-") { result = "imported-" + result.dropFirst("unsaved-".count) }
    return result.allSatisfy({ $0 == "_" }) || problem(result) != nil ? nil : result
  }
}
