import Crypto
import PayshJSON

/// Paytring's request hash: SHA-512 over the sorted body values joined with `|`, then `|` and the secret.
///
/// Keys are sorted ascending without `hash`; object and array values are dropped; strings as they are,
/// numbers as their literal text, booleans `true`/`false`, null as empty. Lowercase hex.
/// https://docs.paytring.com/api-reference/introduction (and Paytring's Go SDK `MakeHash`).
public enum PaytringHash {
  /// The string that is hashed (`v1|v2|…|secret`).
  /// - Parameter skipNumbers: leave JSON numbers out, as the Go SDK does (it hashes strings only).
  public static func preimage(_ body: JSONValue, secret: String, skipNumbers: Bool = false) -> String {
    let members = (body.members ?? []).filter { $0.key != "hash" }.sorted { $0.key < $1.key }
    var values: [String] = []
    for member in members {
      switch member.value {
      case .object, .array: continue
      case .string(let text): values.append(text)
      case .number(let number): if !skipNumbers { values.append(number.text) }
      case .bool(let flag): values.append(flag ? "true" : "false")
      case .null: values.append("")
      }
    }
    values.append(secret)
    return values.joined(separator: "|")
  }

  /// The hash of a request body: lowercase hex SHA-512 of ``preimage(_:secret:skipNumbers:)``.
  public static func hash(_ body: JSONValue, secret: String, skipNumbers: Bool = false) -> String {
    sha512Hex(preimage(body, secret: secret, skipNumbers: skipNumbers))
  }

  /// The fetch hash, `sha512("{id}|{key}|{secret}")`.
  public static func fetchHash(id: String, key: String, secret: String) -> String {
    hash(.obj(["id": .string(id), "key": .string(key)]), secret: secret)
  }

  /// Whether `body["hash"]` is the hash of the body (numbers included, or skipped as the Go SDK does).
  public static func verify(_ body: JSONValue, secret: String) -> Bool {
    guard let given = body["hash"]?.textValue?.lowercased() else { return false }
    return given == hash(body, secret: secret) || given == hash(body, secret: secret, skipNumbers: true)
  }

  /// Lowercase hex SHA-512 of UTF-8 text.
  static func sha512Hex(_ text: String) -> String {
    let digest = SHA512.hash(data: Array(text.utf8))
    let hexDigits = Array("0123456789abcdef")
    var output = ""
    output.reserveCapacity(128)
    for byte in digest {
      output.append(hexDigits[Int(byte >> 4)])
      output.append(hexDigits[Int(byte & 0x0F)])
    }
    return output
  }
}
