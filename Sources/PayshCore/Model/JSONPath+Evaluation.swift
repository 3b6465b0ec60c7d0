import PayshJSON

extension JSONPath {
  /// The values the path selects in `value`, or why it selects nothing.
  ///
  /// Without `[]` a found path gives exactly one value. With `[]` it gives one value per element (an
  /// empty array gives none); if any branch misses, the whole lookup is a miss naming that branch's
  /// concrete path (`no member 'amount' at .payments[2] …`), so a missing field is never hidden.
  public func resolve(in value: JSONValue) -> Result<[JSONValue], JSONPathMiss> {
    var results: [JSONValue] = []
    var trail: [Component] = []
    if let miss = walk(value, from: 0, trail: &trail, into: &results) { return .failure(miss) }
    return .success(results)
  }

  /// The values the path selects in `value`; empty when it selects nothing or misses.
  public func evaluate(_ value: JSONValue) -> [JSONValue] {
    (try? resolve(in: value).get()) ?? []
  }

  /// The single value a path without `[]` selects; nil when it misses (or iterates to other than one value).
  public func value(in document: JSONValue) -> JSONValue? {
    let values = evaluate(document)
    return values.count == 1 ? values[0] : nil
  }

  /// Follows `components[step...]` from `value`, whose concrete path is `trail`.
  private func walk(
    _ value: JSONValue, from step: Int, trail: inout [Component], into results: inout [JSONValue]
  ) -> JSONPathMiss? {
    guard step < components.count else {
      results.append(value)
      return nil
    }
    let component = components[step]
    switch (component, value) {
    case (.member(let name), .object(let object)):
      guard let member = object[name] else {
        return JSONPathMiss(path: JSONPath(trail), reason: .noMember(name, available: object.keys))
      }
      return follow(member, .member(name), from: step, trail: &trail, into: &results)
    case (.index(let index), .array(let items)):
      let resolved = index < 0 ? items.count + index : index
      guard items.indices.contains(resolved) else {
        return JSONPathMiss(path: JSONPath(trail), reason: .noElement(index, count: items.count))
      }
      return follow(items[resolved], .index(resolved), from: step, trail: &trail, into: &results)
    case (.iterate, .array(let items)):
      for (index, item) in items.enumerated() {
        if let miss = follow(item, .index(index), from: step, trail: &trail, into: &results) { return miss }
      }
      return nil
    case (.iterate, .object(let object)):
      for member in object.resolvedMembers {
        if let miss = follow(member.value, .member(member.key), from: step, trail: &trail, into: &results) {
          return miss
        }
      }
      return nil
    default:
      return JSONPathMiss(path: JSONPath(trail), reason: .wrongType(component, found: value.typeName))
    }
  }

  private func follow(
    _ value: JSONValue, _ taken: Component, from step: Int, trail: inout [Component], into results: inout [JSONValue]
  ) -> JSONPathMiss? {
    trail.append(taken)
    defer { trail.removeLast() }
    return walk(value, from: step + 1, trail: &trail, into: &results)
  }
}
