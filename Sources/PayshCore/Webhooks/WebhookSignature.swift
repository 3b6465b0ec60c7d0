import Crypto

/// Cashfree's webhook signature: `Base64(HMAC-SHA256(key: client secret, message: x-webhook-timestamp + raw
/// body))`, the timestamp in epoch milliseconds as the header sent it (docs: Cashfree "Webhook signature
/// verification"; the same in its Go, Python, Node and Java SDKs, reference/cashfree.md section 5).
public enum CashfreeWebhookSignature {
  /// The signature Cashfree sends for `body` at `timestamp`.
  public static func sign(timestamp: String, body: [UInt8], secret: String) -> String {
    let key = SymmetricKey(data: Array(secret.utf8))
    let mac = HMAC<SHA256>.authenticationCode(for: Array(timestamp.utf8) + body, using: key)
    return Base64.encode(Array(mac))
  }

  /// True when `signature` is the one for `body` at `timestamp` under `secret`, compared in constant time
  /// (the SDKs compare with plain equality, which leaks how much of a forged signature is right).
  public static func matches(_ signature: String, timestamp: String, body: [UInt8], secret: String) -> Bool {
    ConstantTime.equal(Array(sign(timestamp: timestamp, body: body, secret: secret).utf8), Array(signature.utf8))
  }
}

/// Comparison whose time does not depend on where two byte strings differ.
enum ConstantTime {
  static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    // The length of a signature is public (base64 of 32 bytes); only its content is compared blind.
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for index in a.indices { difference |= a[index] ^ b[index] }
    return difference == 0
  }
}
