/// `vars`: list the variables and named snapshots.
struct VarsCommand: CommandHandler {
  let spec = CommandSpec(
    name: "vars",
    synopsis: "vars",
    abstract: "List variables and named snapshots",
    examples: ["vars"]
  )

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    let variables = shell.context.variables
    let refs = shell.context.refs
    if variables.isEmpty, refs.isEmpty {
      shell.output.write("no variables set (`set NAME = VALUE` sets one)\n")
      return
    }
    var rows: [(String, String)] = variables.map { ("$" + $0.key, VarsCommand.quoted($0.value)) }
    rows += refs.map { ("@" + $0.key, $0.value.description) }
    rows.sort { $0.0 < $1.0 }
    let width = rows.map(\.0.count).max() ?? 0
    var out = ""
    for (name, value) in rows {
      out += "\(shell.style.bold(name))\(String(repeating: " ", count: width - name.count)) = \(value)\n"
    }
    shell.output.write(out)
  }

  /// A value as it could be typed back: bare when safe, else double-quoted with escapes.
  static func quoted(_ value: String) -> String {
    let safe =
      !value.isEmpty
      && value.unicodeScalars.allSatisfy { scalar in
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "_-.:/@+,%=".unicodeScalars.contains(scalar)
      }
    if safe, !value.hasPrefix("@"), !value.hasPrefix("--") { return value }
    var out = "\""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "$": out += "\\$"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
