import PayshJSON

extension DiffRenderer {
  /// The machine-readable report of `diff --json`: the two sides, the normalized changes, the raw changes
  /// with whole values, and what the ignore rules hid.
  public static func json(
    from: String, to: String, normalized: [OrderDiff.Change]?, raw: DiffResult?
  ) -> JSONValue {
    var members: [JSONObject.Member] = [.init("from", .string(from)), .init("to", .string(to))]
    if let normalized {
      members.append(
        .init(
          "normalized",
          .array(
            normalized.map { change in
              var fields: [JSONObject.Member] = [
                .init("field", .string(change.field)),
                .init("old", change.old.map(JSONValue.string) ?? .null),
                .init("new", change.new.map(JSONValue.string) ?? .null),
              ]
              if let detail = change.detail { fields.append(.init("detail", .string(detail))) }
              return .object(JSONObject(fields))
            })))
    }
    if let raw {
      members.append(
        .init(
          "raw",
          .array(
            raw.changes.map { change in
              var fields: [JSONObject.Member] = [
                .init("op", .string(change.kind.rawValue)), .init("path", .string(change.path.description)),
              ]
              if let old = change.old { fields.append(.init("old", old)) }
              if let new = change.new { fields.append(.init("new", new)) }
              return .object(JSONObject(fields))
            })))
      members.append(
        .init(
          "ignored",
          .array(
            raw.ignored.map {
              .object(JSONObject([.init("rule", .string($0.rule)), .init("count", .number(JSONNumber($0.count)))]))
            })))
    }
    return .object(JSONObject(members))
  }
}
