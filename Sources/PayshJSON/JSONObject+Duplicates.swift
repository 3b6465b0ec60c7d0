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
    if members.count <= 64, let marked = hasDuplicateASCIIKeys { return marked }
    var seen = Set<String>()
    seen.reserveCapacity(members.count)
    return members.contains { !seen.insert($0.key).inserted }
  }

  /// `hasDuplicateKeys` for an object whose names are all ASCII (nil when one is not): each name's length
  /// and first seven bytes as one integer, compared pairwise, and only names equal there compared whole.
  /// For ASCII, equal bytes is exactly Swift's equality (a name with other characters may equal another
  /// written differently, as the Kelvin sign equals "K": those objects take the `Set` path).
  private var hasDuplicateASCIIKeys: Bool? {
    withUnsafeTemporaryAllocation(of: UInt64.self, capacity: members.count) { marks -> Bool? in
      for (index, member) in members.enumerated() {
        var mark = UInt64(truncatingIfNeeded: member.key.utf8.count) << 56
        var taken: UInt64 = 0
        for byte in member.key.utf8 {
          guard byte < 0x80 else { return nil }
          if taken < 7 {
            mark |= UInt64(byte) << (8 * taken)
            taken += 1
          }
        }
        marks[index] = mark
      }
      for index in 1..<members.count {
        for earlier in 0..<index where marks[earlier] == marks[index] && members[earlier].key == members[index].key {
          return true
        }
      }
      return false
    }
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
