/// What kind of value a command's argument or option takes: drives checking, help and Tab completion.
public enum ArgKind: Sendable, Hashable {
  /// One of a fixed set of words (sub-commands such as `show`/`clear`, or `payments|refunds`).
  case choice([String])
  /// A gateway name: `cashfree`, `paytring`, `enkash`.
  case gateway
  /// An environment: `local`, `sandbox`, `production`.
  case environment
  /// A file path; `extensions` (without dots) narrow completion, empty means any file.
  case file(extensions: [String])
  /// The name of a variable (without `$`).
  case variableName
  /// A command name (for `help`).
  case commandName
  /// A snapshot reference (`@last`, `@prev`, `@N`, `@name`).
  case ref
  /// Free text: a URL, a number; `placeholder` names it in help.
  case text(placeholder: String)
  /// An order id: completes from the ids already fetched (this session first, then the store).
  case orderID
  /// The name of a stored session: completes from the store.
  case sessionName
  /// A profile of config.toml: completes from its `[profiles.NAME]` tables.
  case profileName
  /// A jq-style path into a snapshot's JSON: completes from the snapshot's keys.
  case jsonPath

  /// The words this kind completes to, when it has a fixed set.
  public var fixedWords: [String]? {
    switch self {
    case .choice(let words): words
    case .gateway: Gateways.names
    case .environment: Environments.names
    case .ref: ["@last", "@prev"]
    default: nil
    }
  }
}

/// A positional argument of a command.
public struct ArgumentSpec: Sendable, Hashable {
  public var name: String
  public var kind: ArgKind
  public var optional: Bool
  /// True when the argument may be given several times (it must then be the last one).
  public var repeating: Bool

  public init(_ name: String, _ kind: ArgKind, optional: Bool = false, repeating: Bool = false) {
    self.name = name
    self.kind = kind
    self.optional = optional
    self.repeating = repeating
  }
}

/// A `--long` option of a command: a flag, or one that takes a value.
public struct OptionSpec: Sendable, Hashable {
  /// Without the dashes: `version` for `--version`.
  public var name: String
  /// The kind of value it takes; nil for a flag.
  public var value: ArgKind?
  public var abstract: String
  /// True when the option may be given more than once (`--ignore A --ignore B`).
  public var repeating: Bool

  public init(_ name: String, value: ArgKind? = nil, repeating: Bool = false, _ abstract: String) {
    self.name = name
    self.value = value
    self.abstract = abstract
    self.repeating = repeating
  }

  public var isFlag: Bool { value == nil }

  /// `[--raw]`, `[--every DURATION]`, `[--ignore PATH]…`.
  public var usage: String {
    let placeholder = value.map { " " + $0.placeholder } ?? ""
    return "[--\(name)\(placeholder)]" + (repeating ? "…" : "")
  }
}

extension ArgKind {
  /// What stands for a value of this kind in a usage line.
  public var placeholder: String {
    switch self {
    case .text(let placeholder): placeholder
    case .file(let extensions): extensions.count == 1 ? "FILE.\(extensions[0])" : "FILE"
    case .ref: "@ref"
    case .gateway: "GATEWAY"
    case .environment: "ENVIRONMENT"
    case .variableName: "NAME"
    case .commandName: "COMMAND"
    case .choice(let words): words.joined(separator: "|")
    case .orderID: "ORDER_ID"
    case .sessionName: "NAME"
    case .profileName: "PROFILE"
    case .jsonPath: "PATH"
    }
  }
}

/// The declaration at the top of each command's file: everything `help`, completion and the binder know.
public struct CommandSpec: Sendable, Hashable {
  public var name: String
  public var aliases: [String]
  /// The usage line's forms as written by hand, e.g. `use <gateway> [environment]`; options may be named
  /// in it where a form needs them (`export NAME --har FILE.har`). `usage` adds the options it leaves out.
  public var synopsis: String
  /// One line, shown in the `help` list.
  public var abstract: String
  /// The longer text of `help <command>`.
  public var discussion: String
  /// Example lines, shown under `help <command>`.
  public var examples: [String]
  public var arguments: [ArgumentSpec]
  public var options: [OptionSpec]
  /// True when the words after the name are free-form (`echo`, `set`): no positional count check.
  public var freeform: Bool

  public init(
    name: String, aliases: [String] = [], synopsis: String, abstract: String, discussion: String = "",
    examples: [String] = [], arguments: [ArgumentSpec] = [], options: [OptionSpec] = [], freeform: Bool = false
  ) {
    self.name = name
    self.aliases = aliases
    self.synopsis = synopsis
    self.abstract = abstract
    self.discussion = discussion
    self.examples = examples
    self.arguments = arguments
    self.options = options
    self.freeform = freeform
  }

  /// The name and aliases.
  public var allNames: [String] { [name] + aliases }

  /// The usage line shown by `help` and in usage errors: the synopsis, then every declared option that it
  /// does not name, so an option can never be missing from it (`fetch … [--allow-error]`).
  public var usage: String {
    let missing = options.filter { !Self.names(option: $0.name, in: synopsis) }
    return ([synopsis] + missing.map(\.usage)).joined(separator: " ")
  }

  /// Whether `text` names `--option` (not as the start of a longer option).
  static func names(option: String, in text: String) -> Bool {
    var rest = Substring(text)
    while let range = rest.range(of: "--" + option) {
      let next = rest[range.upperBound...].first
      if next.map({ !($0.isLetter || $0.isNumber || $0 == "-") }) ?? true { return true }
      rest = rest[range.upperBound...]
    }
    return false
  }
  public func option(named name: String) -> OptionSpec? { options.first { $0.name == name } }

  /// The spec of the positional at `index`, the repeating last one standing for all that follow.
  public func argument(at index: Int) -> ArgumentSpec? {
    if index < arguments.count { return arguments[index] }
    if let last = arguments.last, last.repeating { return last }
    return nil
  }
}

/// The gateways paysh speaks to.
public enum Gateways {
  public static let names = ["cashfree", "paytring", "enkash"]
}

/// Where a gateway is reached: `local` is the embedded simulator.
public enum Environments {
  public static let names = ["local", "sandbox", "production"]
}
