/// Runs `.ops` scripts for `replay` and `paysh run`: each in a fresh interpreter (its own variables,
/// gateway and session, so `@1` is the script's first fetch), live or answered from a recording.
public struct ReplayRunner {
  /// The shell that asks: its output, style, environment, simulator link, transport and store are lent.
  public let parent: Interpreter
  public let options: ReplayOptions

  public init(parent: Interpreter, options: ReplayOptions) {
    self.parent = parent
    self.options = options
  }

  /// The snapshots of a recording named by a session name or a `.paysh` file, and how to call it.
  public func recording(_ name: String) throws(ReplayError) -> RecordedAnswers.Source {
    do {
      if name.hasSuffix(".paysh") {
        let limit = FileText.maxStoreBytes(environment: parent.environment)
        if case .failure(let refusal) = FileText.checkReadable(name, what: "recording (.paysh)", limit: limit) {
          throw ReplayError("cannot read the recording \(name): \(refusal.reason)")
        }
        let log = StoredSnapshotLog(path: name, readOnly: true)
        let store = try log.store()
        guard let session = try store.sessions().first else { throw ReplayError("\(name) holds no session") }
        return RecordedAnswers.Source(snapshots: try store.snapshots(session: session.id), origin: name)
      }
      guard let log = parent.services.snapshots as? StoredSnapshotLog else {
        throw ReplayError("no session store here to find the session \(name) in; give a .paysh file")
      }
      let store = try log.store()
      guard let session = try store.session(named: name) else {
        throw ReplayError("no stored session named \(name) (`sessions` lists them; a .paysh file works too)")
      }
      return RecordedAnswers.Source(snapshots: try store.snapshots(session: session.id), origin: "session \(name)")
    } catch let error as ReplayError {
      throw error
    } catch {
      throw ReplayError("cannot read the recording \(name): \(error)")
    }
  }

  /// The recording an offline replay of `script` uses: `--session`, else the `.paysh` beside the script.
  public func offlineRecording(for script: String) throws(ReplayError) -> RecordedAnswers {
    let name = options.session ?? ReplayRunner.beside(script)
    if options.session == nil, !FileText.exists(name) {
      throw ReplayError(
        "no recording for \(script): --offline looks for \(name) beside it by default; name one with --session NAME|FILE.paysh"
      )
    }
    let source = try recording(name)
    return RecordedAnswers(source.snapshots, use: .offline, origin: source.origin)
  }

  /// `dir/ticket.ops` → `dir/ticket.paysh`.
  public static func beside(_ script: String) -> String {
    (script.hasSuffix(".ops") ? String(script.dropLast(4)) : script) + ".paysh"
  }

  /// Commands that read or change stored sessions: an offline replay of a script using them gets a
  /// store in memory, one without them the plain in-memory log (no SQLite work per fetch).
  public static let storeCommands: Set<String> = ["save", "sessions", "open", "history", "drop", "export", "import"]

  /// True when `text` runs any of `storeCommands` or names a snapshot of another session (`@NAME:N`).
  public static func needsStore(_ text: String) -> Bool {
    let names = storeCommands.map { Array($0.utf8) }
    return text.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
      var start = true  // at the start of a statement, before its first word
      var sawAt = false
      var index = 0
      while index < utf8.count {
        let byte = utf8[index]
        switch byte {
        case 0x0A, 0x3B:  // newline, ;
          start = true
          if byte == 0x0A { sawAt = false }
        case 0x20, 0x09: break
        case 0x40: sawAt = true
        case 0x3A: if sawAt { return true }
        default:
          if start {
            start = false
            for name in names
            where utf8.count - index >= name.count && utf8[index..<index + name.count].elementsEqual(name) {
              let next = index + name.count < utf8.count ? utf8[index + name.count] : 0x0A
              if next == 0x20 || next == 0x09 || next == 0x0A || next == 0x3B || next == 0x0D { return true }
            }
          }
        }
        index += 1
      }
      return false
    } ?? true
  }

  /// A fresh interpreter for one script, wired like the parent, answering from `recorded` when given.
  public func child(recorded: RecordedAnswers?, needsStore: Bool = true) -> Interpreter {
    let offline = recorded?.use == .offline
    let child = Interpreter(
      registry: parent.registry, output: offline ? BatchedOutput(parent.output) : parent.output, style: parent.style,
      environment: parent.environment)
    let services = child.services
    services.localSimulator = parent.services.localSimulator
    services.transportFactory = parent.services.transportFactory
    services.prompter = parent.services.prompter
    services.recorded = recorded
    if offline {
      // A store in memory: `save`, `sessions` and `history` behave as live, and nothing is kept.
      if needsStore {
        services.snapshots = StoredSnapshotLog(path: SessionStore.inMemory)
      } else {
        let log = MemorySnapshotLog()
        log.keepsCommands = false  // nothing reads an offline replay's command log
        services.snapshots = log
      }
      services.clock = ManualClock()
    } else if let stored = parent.services.snapshots as? StoredSnapshotLog, !stored.readOnly {
      services.snapshots = stored.onSameStore()
      services.clock = parent.services.clock
    } else {
      services.snapshots = MemorySnapshotLog()
      services.clock = parent.services.clock
    }
    // A nested replay may allow no more than the one around it.
    let allowed = options.allowStoreChanges && parent.services.replayPolicy?.allowsStoreChanges != false
    services.replayPolicy = ReplayPolicy(allowsStoreChanges: allowed)
    child.failFast = options.failFast
    child.context.variables = options.variables
    return child
  }

  /// How deep replays may nest (a script replaying a script …).
  static let deepest = 8

  /// A script that does not run: the reason on stderr, and the outcome saying so.
  func refuse(_ file: String, _ message: String, _ status: ExitStatus) -> ScriptOutcome {
    parent.output.writeError("error: \(message)\n")
    return ScriptOutcome(file: file, status: status, expectations: [], fetches: 0, microseconds: 0, error: message)
  }

  /// Runs one script file; the outcome says how it ended and what its `expect`s found.
  public func run(file: String) async -> ScriptOutcome {
    let started = Clock.now()
    let real = FileText.realPath(file) ?? file
    if parent.services.replaying.contains(real) || parent.services.replaying.count >= ReplayRunner.deepest {
      let message =
        parent.services.replaying.contains(real)
        ? "\(file) is already being replayed: a script cannot replay itself"
        : "replays nest \(ReplayRunner.deepest) deep; stopping at \(file)"
      return refuse(file, message, .runtime)
    }
    let source: SourceFile
    switch FileText.contents(file, limit: FileText.maxTextBytes(environment: parent.environment)) {
    case .success(let read): source = SourceFile(name: file, bytes: read)
    case .failure(let refusal): return refuse(file, refusal.description, .usage)
    }
    let text = source.text
    if text.hasPrefix("SQLite format 3") {
      return refuse(
        file, "\(file) is a recording (.paysh), not a script: replay a script with --offline --session \(file)", .usage)
    }
    if text.utf8.contains(0) { return refuse(file, "\(file) is not a text script (it holds NUL bytes)", .usage) }
    var recorded: RecordedAnswers?
    do {
      if options.offline {
        recorded = try offlineRecording(for: file)
      } else if let compare = options.compare {
        let source = try recording(compare)
        recorded = RecordedAnswers(source.snapshots, use: .compare, origin: source.origin)
      }
    } catch {
      return refuse(file, error.message, .usage)
    }
    let child = child(recorded: recorded, needsStore: ReplayRunner.needsStore(text))
    child.services.replaying = parent.services.replaying + [real]
    let status = await child.run(source, mode: .script)
    (child.output as? RedactingOutput)?.flush()
    let fetches = (try? child.services.snapshots.count()) ?? 0
    return ScriptOutcome(
      file: file, status: status, expectations: child.services.expectations, fetches: fetches,
      microseconds: Clock.now() - started, error: status == .ok ? nil : child.firstFailure ?? "exit \(status.rawValue)")
  }
}

extension RecordedAnswers {
  /// A recording's snapshots and where they came from.
  public struct Source {
    public var snapshots: [Snapshot]
    public var origin: String
  }
}

/// A replay that cannot start: the recording is missing or unreadable, or the options clash.
public struct ReplayError: Error, Sendable, Hashable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
