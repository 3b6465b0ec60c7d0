/// A count with its noun in the right number: `1 snapshot`, `2 snapshots`, `0 snapshots`.
///
/// The one way paysh writes a count beside a noun, so no message says "1 snapshots".
public enum Counted {
  /// `count` and `noun`, the noun plural (`plural`, else `noun` + `s`) unless the count is exactly 1.
  public static func text(_ count: Int, _ noun: String, plural: String? = nil) -> String {
    "\(count) \(count == 1 ? noun : plural ?? noun + "s")"
  }
}
