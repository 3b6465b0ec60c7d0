/// The PostgreSQL versions the team store works with: 13 and newer (`SHOW server_version_num`, e.g. 150018
/// for 15.18). 13 is the oldest release still used widely when this was written; the store relies on
/// nothing newer than it.
public enum TeamServerVersion {
  public static let oldestSupported = 130_000
  public static let oldestSupportedName = "13"

  /// `15.18` for 150018, `9.6.24` for 90624 (before 10, the second number was part of the major version).
  public static func name(_ number: Int) -> String {
    if number >= 100_000 { return "\(number / 10_000).\(number % 10_000)" }
    return "\(number / 10_000).\(number / 100 % 100).\(number % 100)"
  }

  /// Refuses a server older than `oldestSupported`, or one whose `server_version_num` is not a number.
  public static func check(_ text: String, url: PostgresStoreURL) throws(TeamStoreError) {
    guard let number = Int(text.filter { $0 != " " }), number > 0 else {
      throw .server(url, sqlState: "", message: "server_version_num is not a number")
    }
    if number < oldestSupported { throw .serverTooOld(url, version: name(number)) }
  }
}
