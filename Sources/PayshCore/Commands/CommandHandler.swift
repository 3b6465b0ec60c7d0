/// A command paysh can run. Each command is a type in its own file, beginning with its `spec`.
public protocol CommandHandler: Sendable {
  /// Name, synopsis, help, arguments and options: the single source for help, completion and checking.
  var spec: CommandSpec { get }

  /// Checks what the spec cannot express (run before anything in a script runs); none by default.
  func check(_ invocation: Invocation) -> [Diagnostic]

  /// Runs the command. Throws a `Diagnostic` for anything the user can cause.
  func run(_ invocation: Invocation, in shell: Interpreter) async throws

  /// What this line would do to what the person running a replay already has (delete, rename or switch to
  /// a stored session, add to the store, write a file), said in a few words; nil when it does none of
  /// that. A replay refuses such a line unless run with `--allow-store-changes` (`ReplayPolicy`).
  func storeChange(_ invocation: Invocation) -> String?
}

extension CommandHandler {
  public func check(_ invocation: Invocation) -> [Diagnostic] { [] }
  public func storeChange(_ invocation: Invocation) -> String? { nil }
}

/// A command bound to its spec: positionals in order, options by name.
public struct Invocation: Sendable {
  /// One occurrence of an option: where its name was written, and its value (nil for a flag).
  public struct OptionUse: Sendable, Hashable {
    public var span: SourceSpan
    public var value: Word?
  }

  /// The fields, `Shared`: a checked script holds an invocation a line and each line's run copies one, so a
  /// copy is one reference instead of one per word and option.
  private struct Fields: Sendable {
    var spec: CommandSpec
    var node: CommandNode
    var source: SourceFile
    var positionals: [Word]
    var options: [String: [OptionUse]]
  }

  private var fields: Shared<Fields>

  public var spec: CommandSpec {
    get { fields.value.spec }
    set { fields.value.spec = newValue }
  }
  public var node: CommandNode {
    get { fields.value.node }
    set { fields.value.node = newValue }
  }
  public var source: SourceFile {
    get { fields.value.source }
    set { fields.value.source = newValue }
  }
  public var positionals: [Word] {
    get { fields.value.positionals }
    set { fields.value.positionals = newValue }
  }
  public var options: [String: [OptionUse]] {
    get { fields.value.options }
    set { fields.value.options = newValue }
  }

  public init(
    spec: CommandSpec, node: CommandNode, source: SourceFile, positionals: [Word], options: [String: [OptionUse]]
  ) {
    fields = Shared(Fields(spec: spec, node: node, source: source, positionals: positionals, options: options))
  }

  /// True when the flag `--name` was given.
  public func flag(_ name: String) -> Bool { options[name] != nil }

  /// The value word of the last `--name VALUE`, if given.
  public func value(_ name: String) -> Word? { options[name]?.last?.value }

  /// Every value of a repeatable option, in order.
  public func values(_ name: String) -> [Word] { options[name]?.compactMap(\.value) ?? [] }

  /// A runtime error pointing at `word` (or at the whole command).
  public func error(_ message: String, at word: Word? = nil, label: String? = nil, hint: String? = nil) -> Diagnostic {
    Diagnostic(.error, message, span: word?.span ?? node.span, source: source, label: label, hint: hint, kind: .runtime)
  }

  /// A usage error found while checking: exits 2 from a script, like any mistake in its text.
  public func syntaxError(
    _ message: String, at word: Word? = nil, label: String? = nil, hint: String? = nil
  )
    -> Diagnostic
  {
    Diagnostic(.error, message, span: word?.span ?? node.span, source: source, label: label, hint: hint, kind: .syntax)
  }
}
