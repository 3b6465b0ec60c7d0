/// Names written twice in one object: JSON allows them, parsers disagree on them (paysh, like jq, takes
/// the last), so a fetch or `show` says where they are.
extension JSONObject {
  /// Whether some name appears more than once.
  public var hasDuplicateKeys: Bool {
    if members.count < 2 { return false }
    if members.count <= 8 {
      for index in members.indices.dropFirst() where members[..<index].contains(where: { $0.key == members[index].key })
      {
        return true
      }
      return false
    }
    var seen = Set<String>()
    seen.reserveCapacity(members.count)
    return members.contains { !seen.insert($0.key).inserted }
  }

  /// The members as they read: one per name, at the place the name first appears, with its last value.
  public var resolvedMembers: [Member] {
    guard hasDuplicateKeys else { return members }
    var last: [String: JSONValue] = [:]
    for member in members { last[member.key] = member.value }
    var out: [Member] = []
    for member in members {
      guard let value = last.removeValue(forKey: member.key) else { continue }
      out.append(Member(member.key, value))
    }
    return out
  }

  /// The names that appear more than once, each once, in the order they first appear.
  package var duplicateKeys: [String] {
    guard hasDuplicateKeys else { return [] }
    var counts: [String: Int] = [:]
    for member in members { counts[member.key, default: 0] += 1 }
    var out: [String] = []
    for member in members where counts[member.key, default: 0] > 1 && !out.contains(member.key) {
      out.append(member.key)
    }
    return out
  }
}
