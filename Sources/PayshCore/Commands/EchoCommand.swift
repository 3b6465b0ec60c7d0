/// `echo words…`: print the words, variables expanded.
struct EchoCommand: CommandHandler {
  let spec = CommandSpec(
    name: "echo",
    synopsis: "echo [word…]",
    abstract: "Print words, with $variables expanded",
    discussion: "Words are joined with single spaces. Quote a word to keep its spaces or a leading --.",
    examples: ["echo checking $order", "echo \"amount: $amount\""],
    arguments: [ArgumentSpec("word", .text(placeholder: "WORD"), optional: true, repeating: true)],
    freeform: true
  )

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    let words = try invocation.node.arguments.map { try shell.expand($0, in: invocation) }
    shell.output.write(words.joined(separator: " ") + "\n")
  }
}
