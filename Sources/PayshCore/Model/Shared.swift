/// A value kept in one shared box that never changes, for values handed along whole many times
/// (`Snapshot`, `Invocation`): copying the struct that holds it is one reference instead of one per string
/// and array the value holds. Setting `value` (or a field of it) makes a new box.
struct Shared<Value: Sendable>: Sendable {
  /// `let`: reading it needs no exclusivity check.
  private final class Box: Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
  }

  private var box: Box

  init(_ value: Value) { box = Box(value) }

  var value: Value {
    get { box.value }
    set { box = Box(newValue) }
  }
}

extension Shared: Equatable where Value: Equatable {
  static func == (left: Shared, right: Shared) -> Bool { left.box === right.box || left.box.value == right.box.value }
}

extension Shared: Hashable where Value: Hashable {
  func hash(into hasher: inout Hasher) { box.value.hash(into: &hasher) }
}
