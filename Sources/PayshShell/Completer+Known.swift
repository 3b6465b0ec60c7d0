import PayshCore
import PayshJSON

/// The completions that come from what paysh holds rather than from the specs: `@N` with hints, `@name`,
/// `@SESSION:`, and JSON paths into a snapshot.
extension Completer {
  /// `@last`, `@prev`, every snapshot named with `set`, the session's `@N` that fit what is typed (each with
  /// a hint), and `@SESSION:` for the stored sessions whose names fit (then `@SESSION:last`/`:prev`).
  func refCandidates(typed: String = "@") -> [Completion.Candidate] {
    let fixed = ArgKind.ref.fixedWords ?? []
    let named = context.refs.keys.sorted().map { "@" + $0 }.filter { !fixed.contains($0) }
    var words = (fixed + named).map { Completion.Candidate($0, isVerbatim: true) }
    guard let known else { return words }
    let rest = String(typed.dropFirst())
    if let colon = rest.firstIndex(of: ":") {
      let session = String(rest[..<colon])
      // Written verbatim: only a name `@SESSION:` can hold (a crafted store's `a;b` is not one).
      if SnapshotRef.isName(session), known.sessionNames(startingWith: session).contains(session) {
        words += ["last", "prev"].map { Completion.Candidate("@\(session):\($0)", isVerbatim: true) }
      }
      return words
    }
    if rest.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) {
      words += known.snapshots(startingWith: rest).map {
        Completion.Candidate($0.ref, display: "\($0.ref)  \($0.hint)", isVerbatim: true)
      }
    }
    if !rest.isEmpty {
      words += known.sessionNames(startingWith: rest).filter(SnapshotRef.isName).map {
        Completion.Candidate("@\($0):", isDirectory: true, isVerbatim: true)
      }
    }
    return words
  }

  /// True when the word at positional `index` of a command with `spec` may be a JSON path: `show [@ref]
  /// PATH`, and free text (`set NAME = @3 .path`, `expect .status == paid`).
  func takesPath(_ spec: CommandSpec, at index: Int) -> Bool {
    guard let here = spec.argument(at: index) else { return false }
    if case .text = here.kind { return true }
    return spec.arguments.dropFirst(index).contains { $0.kind == .jsonPath }
  }

  /// The paths one step below the last complete step of `typed`, into the JSON of snapshot `ref` (the
  /// newest when nil): `.cust` offers `.customer_details`; `.customer_details.` its members; `.payments[`
  /// its elements. A path into an object or array takes no space after it, ready for the next step.
  func pathCandidates(typed: String, ref: String?) -> [Completion.Candidate] {
    guard !typed.contains("\""), let document = known?.document(of: ref) else { return [] }
    let scalars = Array(typed.unicodeScalars)
    let cut = scalars.indices.last { $0 > 0 && (scalars[$0] == "." || scalars[$0] == "[") } ?? 0
    var parentText = ""
    parentText.unicodeScalars.append(contentsOf: scalars[..<cut])
    let parent: JSONValue?
    if parentText.isEmpty {
      parent = document
    } else {
      guard let path = try? JSONPath.parse(parentText), !path.iterates else { return [] }
      parent = path.value(in: document)
    }
    let base = parentText.isEmpty ? "." : parentText
    func candidate(_ path: String, _ value: JSONValue) -> Completion.Candidate {
      switch value {
      case .object(let object) where object.count > 0: Completion.Candidate(path, isDirectory: true)
      case .array(let items) where !items.isEmpty: Completion.Candidate(path, isDirectory: true)
      default: Completion.Candidate(path)
      }
    }
    switch parent {
    case .object(let object)?:
      return object.members.prefix(ShellKnownWords.limit).map {
        candidate(JSONPath.appending(key: $0.key, to: base), $0.value)
      }
    case .array(let items)?:
      return items.prefix(ShellKnownWords.limit).enumerated().map {
        candidate(JSONPath.appending(index: $0.offset, to: base), $0.element)
      }
    default:
      return []
    }
  }
}
