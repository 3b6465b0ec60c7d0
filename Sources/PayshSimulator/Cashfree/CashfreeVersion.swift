/// A Cashfree PG API version (`x-api-version`), which decides the response shape.
///
/// Differences implemented (https://www.cashfree.com/docs/api-reference/payments/previous/v2023-08-01/release-notes):
/// 2022-09-01 integer `cf_*` ids and `payments/refunds/settlements` url objects; 2023-08-01 string ids,
/// `customer_uid`, `cart_details`, TERMINATED states; 2025-01-01 `products`, payment gateway details,
/// international and surcharge blocks, forex fields on refunds and settlements. 2026-01-01 is shaped as 2025-01-01.
public enum CashfreeVersion: String, Sendable, CaseIterable, Comparable {
  case v20220901 = "2022-09-01"
  case v20230801 = "2023-08-01"
  case v20250101 = "2025-01-01"
  case v20260101 = "2026-01-01"

  /// The versions the simulator answers, comma-separated, for error messages.
  public static var supportedList: String { allCases.map(\.rawValue).joined(separator: ", ") }

  /// Whether `cf_*` ids are integers and url objects are present (2022-09-01).
  var usesIntegerIDs: Bool { self == .v20220901 }
  /// Whether TERMINATED / TERMINATION_REQUESTED, `customer_uid` and `cart_details` exist (2023-08-01+).
  var hasTermination: Bool { self >= .v20230801 }
  /// Whether the 2025-01-01 additions exist.
  var has2025Fields: Bool { self >= .v20250101 }

  public static func < (lhs: CashfreeVersion, rhs: CashfreeVersion) -> Bool { lhs.rawValue < rhs.rawValue }
}
