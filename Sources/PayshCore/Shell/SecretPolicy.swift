/// Decides whether a line typed at the prompt may carry a secret, so that history (and later the recorder)
/// can keep it out of every file.
///
/// The rule errs on the side of forgetting: a line is secret when any of its commands is `auth` with
/// arguments other than `show`, `clear` and `--profile NAME`, or when any word is an option whose name
/// suggests a credential (`--secret`, `--client-secret`, `--password`, `--token`, `--api-key`, `--pin`, …).
/// A line the lexer cannot read cleanly is secret when it mentions `auth` or such an option anywhere.
public enum SecretPolicy {
  /// The arguments of `auth` that name no secret.
  public static let harmlessAuthWords: Set<String> = ["show", "clear"]

  /// The options of `auth` that take a harmless value.
  public static let harmlessAuthOptions: Set<String> = ["profile"]

  /// Dash- or underscore-separated parts of option names that mark the option's value as a credential.
  public static let secretOptionMarkers: Set<String> = [
    "secret", "password", "passwd", "token", "key", "apikey", "pin", "credential", "credentials",
  ]

  /// True when `line` must not be written to history or a recording.
  public static func lineCarriesSecret(_ line: String) -> Bool {
    var lexer = Lexer(source: SourceFile(name: "<history>", text: line))
    let tokens = lexer.tokenize()
    if !lexer.diagnostics.isEmpty { return roughlyCarriesSecret(line) }
    var command: [Word] = []
    for token in tokens {
      switch token {
      case .word(let word):
        command.append(word)
      case .separator, .end:
        if commandCarriesSecret(command) { return true }
        command = []
      }
    }
    return false
  }

  /// True when the words of one command (its name first) may carry a secret.
  public static func commandCarriesSecret(_ words: [Word]) -> Bool {
    guard let name = words.first else { return false }
    if words.contains(where: isSecretOption) { return true }
    // A URL with user:password@ in it (refused by `use`, and never remembered either).
    if words.contains(where: { word in word.literal.map { Redactor.withoutUserInfo($0) != $0 } ?? false }) {
      return true
    }
    guard (name.literal ?? name.raw) == "auth" else { return false }
    var rest = words.dropFirst()[...]
    while let word = rest.popFirst() {
      guard let text = word.literal, !word.quoted else { return true }
      if harmlessAuthWords.contains(text) { continue }
      if text.hasPrefix("--") {
        let body = text.dropFirst(2)
        let optionName = String(body.prefix { $0 != "=" })
        guard harmlessAuthOptions.contains(optionName) else { return true }
        if !body.contains("=") { _ = rest.popFirst() }
        continue
      }
      return true
    }
    return false
  }

  /// True for an option word whose name marks a credential.
  static func isSecretOption(_ word: Word) -> Bool {
    guard word.isOption, case .text(let first)? = word.parts.first else { return false }
    return isSecretOptionName(String(first.dropFirst(2).prefix { $0 != "=" }))
  }

  /// True when an option name (without dashes) has a credential-marking part: `client-secret`, `api_key`.
  public static func isSecretOptionName(_ name: String) -> Bool {
    name.lowercased().split { $0 == "-" || $0 == "_" }.contains { secretOptionMarkers.contains(String($0)) }
  }

  /// The fallback for text that does not lex: any word `auth`, or any credential-looking option.
  static func roughlyCarriesSecret(_ line: String) -> Bool {
    let separators: Set<Character> = [" ", "\t", ";", "\"", "'", "\r", "\n"]
    let words = line.split { separators.contains($0) }.map { $0.lowercased() }
    return words.contains { word in
      word == "auth" || (word.hasPrefix("--") && isSecretOptionName(String(word.dropFirst(2).prefix { $0 != "=" })))
    }
  }
}
