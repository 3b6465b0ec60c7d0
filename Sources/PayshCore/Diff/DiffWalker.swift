import PayshJSON

/// Walks two documents side by side for `JSONDiff`, keeping the current path as a stack so that only a
/// recorded change pays for a copy of it.
struct DiffWalker {
  let identityKeys: [String]
  let rules: [IgnoreRule]
  /// Bare-name rules by key, for a lookup per member instead of a scan of the rules.
  let ruleByName: [String: Int]
  /// The indices of path rules.
  let pathRules: [Int]
  var path: [DiffPath.Component] = []
  var changes: [DiffChange] = []
  var hidden: [Int]

  init(identityKeys: [String], rules: [IgnoreRule]) {
    self.identityKeys = identityKeys
    self.rules = rules
    var byName: [String: Int] = [:]
    var pathRules: [Int] = []
    for (index, rule) in rules.enumerated() {
      if let name = rule.name {
        if byName[name] == nil { byName[name] = index }
      } else {
        pathRules.append(index)
      }
    }
    self.ruleByName = byName
    self.pathRules = pathRules
    self.hidden = Array(repeating: 0, count: rules.count)
  }

  var result: DiffResult {
    DiffResult(
      changes: changes,
      ignored: rules.indices.filter { hidden[$0] > 0 }.map {
        DiffResult.Ignored(rule: rules[$0].text, count: hidden[$0])
      }
    )
  }

  mutating func compare(_ old: JSONValue, _ new: JSONValue) {
    switch (old, new) {
    case (.object(let a), .object(let b)): compareObjects(a, b)
    case (.array(let a), .array(let b)): compareArrays(a, b)
    case (.number(let a), .number(let b)):
      if a.text != b.text, !a.isNumericallyEqual(b) { record(.changed, old, new) }
    case (.string(let a), .string(let b)):
      if !a.utf8.elementsEqual(b.utf8) { record(.changed, old, new) }
    case (.bool(let a), .bool(let b)):
      if a != b { record(.changed, old, new) }
    case (.null, .null): break
    default: record(.typeChanged, old, new)
    }
  }

  mutating func record(_ kind: DiffChange.Kind, _ old: JSONValue?, _ new: JSONValue?) {
    changes.append(DiffChange(kind, at: DiffPath(path), old: old, new: new))
  }

  /// The rule hiding the current path, if any.
  func hidingRule() -> Int? {
    if case .key(let key) = path.last, let rule = ruleByName[key] { return rule }
    for index in pathRules where rules[index].hides(path) { return index }
    return nil
  }

  /// Steps into `component` and compares there, unless a rule hides it (then counts what it hid).
  mutating func step(_ component: DiffPath.Component, _ old: JSONValue?, _ new: JSONValue?) {
    path.append(component)
    defer { path.removeLast() }
    if !rules.isEmpty, let rule = hidingRule() {
      if let old, let new {
        if !JSONDiff.isEquivalentUnhidden(old, new, identityKeys: identityKeys) { hidden[rule] += 1 }
      } else {
        hidden[rule] += 1
      }
      return
    }
    switch (old, new) {
    case (let old?, let new?): compare(old, new)
    case (let old?, nil): record(.removed, old, nil)
    case (nil, let new?): record(.added, nil, new)
    case (nil, nil): break
    }
  }

  mutating func compareObjects(_ a: JSONObject, _ b: JSONObject) {
    // A name written twice reads as its last member (`JSONObject`), on both sides.
    let a = a.hasDuplicateKeys ? JSONObject(a.resolvedMembers) : a
    let b = b.hasDuplicateKeys ? JSONObject(b.resolvedMembers) : b
    if a.members.count <= 8, b.members.count <= 8 {
      for member in a.members { step(.key(member.key), member.value, b[member.key]) }
      for member in b.members where a[member.key] == nil { step(.key(member.key), nil, member.value) }
      return
    }
    var inB: [String: Int] = [:]
    inB.reserveCapacity(b.members.count)
    for (index, member) in b.members.enumerated() where inB[member.key] == nil { inB[member.key] = index }
    var seen = Set<String>()
    seen.reserveCapacity(a.members.count)
    for member in a.members {
      seen.insert(member.key)
      step(.key(member.key), member.value, inB[member.key].map { b.members[$0].value })
    }
    for member in b.members where !seen.contains(member.key) { step(.key(member.key), nil, member.value) }
  }

  mutating func compareArrays(_ a: [JSONValue], _ b: [JSONValue]) {
    if a.isEmpty, b.isEmpty { return }
    if let key = identityKey(a, b) {
      compareByIdentity(a, b, key: key)
    } else {
      compareAligned(a, b)
    }
  }

  /// The identity field shared by every element on both sides with distinct values per side, if any:
  /// a known one first, else a key of the first element named `id` or ending in `_id`/`Id`.
  func identityKey(_ a: [JSONValue], _ b: [JSONValue]) -> String? {
    guard let first = a.first ?? b.first, case .object(let sample) = first else { return nil }
    for key in identityKeys where sample[key] != nil && identifies(key, a) && identifies(key, b) { return key }
    for key in sample.keys where key.hasSuffix("_id") || key.hasSuffix("Id") || key == "id" {
      if identifies(key, a) && identifies(key, b) { return key }
    }
    return nil
  }

  func identifies(_ key: String, _ items: [JSONValue]) -> Bool {
    var seen = Set<String>()
    seen.reserveCapacity(items.count)
    for item in items {
      guard case .object(let object) = item, let id = DiffWalker.identity(object[key]), seen.insert(id).inserted
      else { return false }
    }
    return true
  }

  /// An identity as text: strings and numbers alike, so an id that changes type across API versions
  /// still matches (and the type change shows inside the element).
  static func identity(_ value: JSONValue?) -> String? {
    switch value {
    case .string(let text)?: text
    case .number(let number)?: number.text
    default: nil
    }
  }

  /// How an identity is written in a path: strings quoted, numbers bare.
  static func label(_ value: JSONValue?) -> String {
    switch value {
    case .string(let text)?: JSONPrinter.quoted(text)
    case .number(let number)?: number.text
    default: "?"
    }
  }

  mutating func compareByIdentity(_ a: [JSONValue], _ b: [JSONValue], key: String) {
    var inB: [String: Int] = [:]
    inB.reserveCapacity(b.count)
    for (index, item) in b.enumerated() { inB[(DiffWalker.identity(item[key]) ?? "")] = index }
    var inA = Set<String>()
    inA.reserveCapacity(a.count)
    for item in a {
      let id = (DiffWalker.identity(item[key]) ?? "")
      inA.insert(id)
      step(.match(field: key, value: DiffWalker.label(item[key])), item, inB[id].map { b[$0] })
    }
    for item in b where !inA.contains((DiffWalker.identity(item[key]) ?? "")) {
      step(.match(field: key, value: DiffWalker.label(item[key])), nil, item)
    }
  }

  /// Arrays without identities: a Myers diff finds what was inserted and
  /// deleted; an element deleted where another was inserted is compared with it in place.
  mutating func compareAligned(_ a: [JSONValue], _ b: [JSONValue]) {
    // The equal head and tail cost a comparison each; only the middle is aligned.
    var head = 0
    while head < a.count, head < b.count, a[head] == b[head] { head += 1 }
    var tail = 0
    while tail < a.count - head, tail < b.count - head, a[a.count - 1 - tail] == b[b.count - 1 - tail] { tail += 1 }
    let oldMiddle = Array(a[head..<(a.count - tail)])
    let newMiddle = Array(b[head..<(b.count - tail)])
    guard max(oldMiddle.count, newMiddle.count) <= DiffWalker.longestAlignment else {
      // Long differing stretches without identities go by position: an alignment could cost N².
      for offset in 0..<max(oldMiddle.count, newMiddle.count) {
        let old = offset < oldMiddle.count ? oldMiddle[offset] : nil
        let new = offset < newMiddle.count ? newMiddle[offset] : nil
        step(.index(head + offset), old, new)
      }
      return
    }
    alignMiddle(oldMiddle, newMiddle, offset: head)
  }

  /// Arrays longer than this (after their equal head and tail) are compared by position.
  static let longestAlignment = 2_000

  mutating func alignMiddle(_ a: [JSONValue], _ b: [JSONValue], offset: Int) {
    let (removed, inserted) = b.difference(from: a).offsets
    var i = 0
    var j = 0
    while i < a.count || j < b.count {
      let gone = i < a.count && removed.contains(i)
      let new = j < b.count && inserted.contains(j)
      if gone && new {
        step(.index(offset + j), a[i], b[j])
        i += 1
        j += 1
      } else if gone {
        step(.index(offset + i), a[i], nil)
        i += 1
      } else if new {
        step(.index(offset + j), nil, b[j])
        j += 1
      } else {
        i += 1
        j += 1
      }
    }
  }
}

extension JSONDiff {
  /// Equality by the engine's rules with no ignore rules: for counting what a rule hid.
  static func isEquivalentUnhidden(_ old: JSONValue, _ new: JSONValue, identityKeys: [String]) -> Bool {
    if old == new { return true }
    var walker = DiffWalker(identityKeys: identityKeys, rules: [])
    walker.compare(old, new)
    return walker.changes.isEmpty
  }
}

extension CollectionDifference {
  /// Where the removals are in the old collection and the insertions in the new one.
  var offsets: (removed: Set<Int>, inserted: Set<Int>) {
    var removed = Set<Int>()
    var inserted = Set<Int>()
    for change in self {
      switch change {
      case .remove(let offset, _, _): removed.insert(offset)
      case .insert(let offset, _, _): inserted.insert(offset)
      }
    }
    return (removed, inserted)
  }
}
