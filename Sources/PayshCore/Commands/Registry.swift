/// The commands paysh knows, by name and alias. Help and completion are generated from it.
public struct Registry: Sendable {
  public let commands: [any CommandHandler]
  let byName: [String: Int]

  public init(_ commands: [any CommandHandler]) {
    self.commands = commands
    var byName: [String: Int] = [:]
    for (index, command) in commands.enumerated() {
      for name in command.spec.allNames { byName[name] = index }
    }
    self.byName = byName
  }

  /// The built-in commands.
  public static let standard = Registry([
    HelpCommand(), QuitCommand(), EchoCommand(), SetCommand(), UnsetCommand(), VarsCommand(), UseCommand(),
    EnvCommand(), AuthCommand(), FetchCommand(), ShowCommand(), ExpectCommand(), RecordCommand(), ReplayCommand(),
    CaseCommand(), CheckCommand(), VerifyCommand(), ListenCommand(), WebhooksCommand(), TriggerCommand(), DiffCommand(),
    WatchCommand(), CurlCommand(),
    HistoryCommand(), SaveCommand(),
    SessionsCommand(), OpenCommand(), DropCommand(), ExportCommand(), ImportCommand(), PushPullCommand(pushes: true),
    PushPullCommand(pushes: false),
  ])

  /// The command called `name` (or aliased so).
  public func command(named name: String) -> (any CommandHandler)? {
    byName[name].map { commands[$0] }
  }

  /// Every name and alias, sorted.
  public var allNames: [String] { byName.keys.sorted() }

  /// The spec of every command, in registry order.
  public var specs: [CommandSpec] { commands.map(\.spec) }
}
