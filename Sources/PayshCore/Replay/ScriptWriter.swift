/// Turns command lines into a replayable `.ops` script: a header saying where it came from, `auth` bare,
/// failed lines kept as comments (so the script replays what worked and still tells the whole story).
public enum ScriptWriter {
  /// Commands that steer recording and replay themselves; never written into a script.
  static let unrecorded: Set<String> = ["record", "replay"]
  /// Session management: what a replay must not do to the replayer's store (`ReplayPolicy`). Written as a
  /// comment, so the script still tells the whole story and replays without changing anything.
  public static let sessionManagement: Set<String> = ["save", "open", "drop", "export", "import", "sessions"]

  /// The comment block that opens a script.
  public static func header(origin: String, date: String, context: ShellContext) -> String {
    var text = "# \(origin)\n# paysh \(PayshVersion.current), \(date)\n"
    if let gateway = context.gateway {
      text +=
        "# gateway: \(gateway) \(context.environment)" + (context.apiVersion.map { ", API version \($0)" } ?? "") + "\n"
    }
    return text
  }

  /// The `use` line that puts a replay where the recording started, when a gateway was already in use.
  public static func useLine(_ context: ShellContext) -> String? {
    guard let gateway = context.gateway else { return nil }
    var line = "use \(gateway) \(context.environment)"
    if let version = context.apiVersion { line += " --version \(version)" }
    if let base = context.baseURL { line += " --base-url \(Redactor().url(base))" }  // no user:password@
    return line
  }

  /// The script line for a command that ran with `status` (0 ok); nil for lines left out.
  public static func line(_ text: String, status: Int) -> String? {
    let trimmed = text.drop { $0 == " " || $0 == "\t" }
    let name = trimmed.prefix { $0 != " " && $0 != "\t" && $0 != ";" }
    if unrecorded.contains(String(name)) || trimmed.isEmpty { return nil }
    // `auth` is written bare, never with what it was given; `auth show` and `auth clear` say what they do.
    var line = String(trimmed)
    if name == "auth", trimmed != "auth show", trimmed != "auth clear" { line = "auth" }
    if line.contains("\n") { line = line.split(separator: "\n").joined(separator: " ") }
    if sessionManagement.contains(String(name)) { return "# \(line)  (session management is not replayed)" }
    return status == 0 ? line : "# failed (exit \(status)): \(line)"
  }

  /// A whole script from a session's command log.
  public static func script(_ entries: [(text: String, status: Int)], header: String) -> String {
    header + entries.compactMap { line($0.text, status: $0.status) }.map { $0 + "\n" }.joined()
  }
}
