extension ConfigFile {
  /// The `[check]` thresholds of the user's config.toml, each a flag name and its value; none when there is
  /// no config file. A setting paysh does not know, or a value that is not a whole number, is refused with
  /// its name and where it is.
  static func checkSettings(_ shell: Interpreter, _ invocation: Invocation) throws -> [(String, Int)] {
    let path = ConfigFile.path(environment: shell.environment)
    guard FileText.exists(path) else { return [] }
    let text: String
    switch FileText.text(path, limit: FileText.maxTextBytes(environment: shell.environment)) {
    case .success(let read): text = read
    case .failure(let refusal):
      throw invocation.error("the config file: \(refusal)", hint: "config.toml must be a regular text file")
    }
    let config: ConfigFile
    do {
      config = try ConfigFile.parse(SourceFile(name: path, text: text))
    } catch {
      shell.report(error.diagnostics)
      throw invocation.error("the config file has mistakes (above)", hint: "fix \(path) and try again")
    }
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
