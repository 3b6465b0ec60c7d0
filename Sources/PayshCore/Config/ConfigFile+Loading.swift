extension ConfigFile {
  /// The user's config.toml read for `invocation`, and where it is; nil when there is none. A file that
  /// cannot be read, or has mistakes (reported with their places), fails the line.
  static func load(_ shell: Interpreter, _ invocation: Invocation) throws -> (config: ConfigFile, path: String)? {
    let path = ConfigFile.path(environment: shell.environment)
    let text: String
    switch FileText.text(path, limit: FileText.maxTextBytes(environment: shell.environment)) {
    case .success(let read): text = read
    case .failure where !FileText.exists(path): return nil
    case .failure(let refusal):
      throw invocation.error("the config file: \(refusal)", hint: "config.toml must be a regular text file")
    }
    do {
      return (try ConfigFile.parse(SourceFile(name: path, text: text)), path)
    } catch {
      shell.report(error.diagnostics)
      throw invocation.error("the config file has mistakes (above)", hint: "fix \(path) and try again")
    }
  }

  /// The `[check]` thresholds of the user's config.toml, each a flag name and its value; none when there is
  /// no config file. A setting paysh does not know, or a value that is not a whole number, is refused with
  /// its name and where it is.
  static func checkSettings(_ shell: Interpreter, _ invocation: Invocation) throws -> [(String, Int)] {
    guard let (config, path) = try load(shell, invocation) else { return [] }
    let known = CheckThresholds.settings.map { setting in String(setting.key.map { $0 == "-" ? "_" : $0 }) }
    return try config.check.map { key, value in
      guard known.contains(key) else {
        let close = Suggestion.closest(to: key, in: known)
        throw invocation.error(
          "[check] in \(path) has an unknown setting '\(key)'", label: close.map { "did you mean \($0)?" },
          hint: "known: \(known.joined(separator: ", "))")
      }
      guard let number = CheckCommand.number(value) else {
        throw invocation.error(
          "[check] \(key) in \(path) must be a whole number from 0 to 100000, not '\(value)'",
          hint: "write \(key) = 30")
      }
      return (String(key.map { $0 == "_" ? "-" : $0 }), number)
    }
  }
}

extension ConfigFile {
  /// The top-level settings of the user's config.toml (`store`, `team`, `author`, `password_env`,
  /// `connect_timeout`), read before any command; none when there is no file. A file that cannot be read or
  /// has mistakes gives none too, and `problem` says so in one line (the store chosen must not change in
  /// silence: a typo would send a team's work to the local file).
  public static func topSettings(environment: [String: String]) -> (settings: [String: String], problem: String?) {
    let path = ConfigFile.path(environment: environment)
    let text: String
    switch FileText.text(path, limit: FileText.maxTextBytes(environment: environment)) {
    case .success(let read): text = read
    case .failure where !FileText.exists(path): return ([:], nil)
    case .failure(let refusal):
      return ([:], "the config file: \(refusal); its store, author and password settings were not read")
    }
    do {
      let config = try ConfigFile.parse(SourceFile(name: path, text: text))
      return (config.top.filter { ConfigFile.topKeys.contains($0.key) }, nil)
    } catch {
      let first =
        error.diagnostics.first.map { ": \($0.message)" + ($0.span.map { " (line \($0.start.line))" } ?? "") } ?? ""
      return ([:], "\(path) has mistakes\(first); its store, author and password settings were not read")
    }
  }
}
