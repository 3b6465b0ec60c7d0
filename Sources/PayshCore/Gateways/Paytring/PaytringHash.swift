import Crypto
import PayshJSON

/// Paytring's request hash: the body's keys sorted, object and array values dropped, the values joined
/// with `|`, then `|` and the secret appended; SHA-512 as lowercase hex.
///
/// Docs: https://docs.paytring.com/api-reference/introduction (and Paytring's SDKs, which agree).
/// Fetch hashes `{"id","key"}`, so its pre-image is `"{id}|{key}|{secret}"`.
public enum PaytringHash {
  /// The hash of `fields` (flat string values; the caller leaves out `hash` itself).
  public static func hash(_ fields: [(String, String)], secret: String) -> String {
    let sorted = fields.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
    let preimage = sorted.map(\.1).joined(separator: "|") + "|" + secret
    return hex(SHA512.hash(data: Array(preimage.utf8)))
  }

  /// The hash of a JSON body as Paytring computes it: scalar members only, sorted by key.
  public static func hash(_ body: JSONObject, secret: String) -> String {
    let fields = body.members.compactMap { member -> (String, String)? in
      guard member.key != "hash" else { return nil }
      switch member.value {
      case .object, .array: return nil
      case .null: return (member.key, "")
      case .bool(let flag): return (member.key, flag ? "1" : "")
      default: return (member.key, member.value.scalarText ?? "")
      }
    }
    return hash(fields, secret: secret)
  }

  static func hex(_ digest: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var bytes: [UInt8] = []
    for byte in digest {
      bytes.append(digits[Int(byte >> 4)])
      bytes.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
