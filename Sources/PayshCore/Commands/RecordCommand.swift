/// `record start FILE.ops` / `record stop`: write the lines typed from now on into a replayable script.
struct RecordCommand: CommandHandler {
  let spec = CommandSpec(
    name: "record",
    synopsis: "record start FILE.ops | record stop | record",
    abstract: "Record the lines you type into an .ops script a teammate can replay",
    discussion: """
      The script begins with a comment saying when, with which paysh, on which gateway and environment, and
      with the `use` line in force, so it replays from where you were. `auth` is written bare, never with
      what it was given; a line that failed is kept as a comment; lines with secrets are left out. Each line
      is written (and flushed) as it finishes. `record` alone says whether a recording is running.
      Replay it with `replay FILE.ops` here or `paysh run FILE.ops` (add --offline --session NAME to answer
      every fetch from a stored session).
      """,
    examples: ["record start ticket-4821.ops", "record stop"],
    arguments: [
      ArgumentSpec("action", .choice(["start", "stop"]), optional: true),
      ArgumentSpec("file", .file(extensions: ["ops"]), optional: true),
    ]
  )

  func check(_ invocation: Invocation) -> [Diagnostic] {
    let words = invocation.positionals
    switch words.first?.literal {
    case "start"?:
      if words.count != 2 {
        return [invocation.syntaxError("record start needs the script's file name", hint: "record start FILE.ops")]
      }
    case "stop"?:
      if words.count > 1 { return [invocation.syntaxError("record stop takes nothing more", at: words[1])] }
    case nil: break
    default:
      return [invocation.syntaxError("record start FILE.ops, record stop, or record alone", at: words[0])]
    }
    return []
  }

  func storeChange(_ invocation: Invocation) -> String? {
    guard invocation.positionals.first?.literal == "start", invocation.positionals.count > 1 else { return nil }
    return "write the file \(invocation.positionals[1].raw)"
  }

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    let words = invocation.positionals
    switch words.first?.literal {
    case "start"?:
      if let running = shell.services.recorder {
        throw invocation.error("already recording into \(running.path)", hint: "`record stop` first")
      }
      let path = try shell.expand(words[1], in: invocation)
      if FileText.exists(path) {
        throw invocation.error(
          "\(path) exists already; a recording does not replace a file", at: words[1],
          hint: "choose another name, or remove it first")
      }
      var header = ScriptWriter.header(
        origin: "recorded with `record start \(path)`", date: Clock.utcTimestamp(), context: shell.context)
      if let use = ScriptWriter.useLine(shell.context) { header += use + "\n" }
      do {
        shell.services.recorder = try ScriptRecorder(path: path, header: header)
      } catch {
        throw invocation.error("\(error)", at: words[1])
      }
      shell.output.write("recording into \(path); `record stop` ends it\n")
    case "stop"?:
      guard let recorder = shell.services.recorder else {
        throw invocation.error("no recording is running", hint: "`record start FILE.ops` begins one")
      }
      recorder.close()
      shell.services.recorder = nil
      shell.output.write("wrote \(recorder.path): \(Counted.text(recorder.lines, "line"))\n")
    default:
      shell.output.write(shell.services.recorder.map { "recording into \($0.path)\n" } ?? "not recording\n")
    }
  }
}
