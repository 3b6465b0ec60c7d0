/// What a replayed script may do to the store and the files of whoever replays it (`paysh run`, `replay`).
///
/// A script from someone else must not delete, rename or switch to the replayer's sessions, add to their
/// store or write files in their folder: each command says what it would change (`storeChange`), and a
/// line that would change something stops the script at that line, unless the replayer allowed it on
/// the command line with `--allow-store-changes`. `save` in a replay names the replay's own fresh session
/// (a taken name gets a free suffix instead of being refused), so a script ending with `save NAME`
/// replays any number of times.
public struct ReplayPolicy: Sendable, Hashable {
  /// `--allow-store-changes`: the replay may do everything a line typed at the prompt may.
  public var allowsStoreChanges: Bool

  public init(allowsStoreChanges: Bool) {
    self.allowsStoreChanges = allowsStoreChanges
  }

  /// The flag that lifts the refusal.
  public static let flag = "--allow-store-changes"

  /// The diagnostic for a line `handler` may not run in this replay; nil when it may.
  func refusal(_ handler: any CommandHandler, _ invocation: Invocation) -> Diagnostic? {
    guard !allowsStoreChanges, let change = handler.storeChange(invocation) else { return nil }
    return invocation.error(
      "refused in a replay: `\(invocation.spec.name)` would \(change)",
      hint:
        "a replayed script does not change the replayer's sessions or write files; to let it, replay with \(ReplayPolicy.flag) (`paysh run FILE.ops \(ReplayPolicy.flag)`, `replay FILE.ops \(ReplayPolicy.flag)`)"
    )
  }
}
