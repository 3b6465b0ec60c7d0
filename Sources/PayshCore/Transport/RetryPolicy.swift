/// When and how long to wait before trying a read again: bounded in attempts (and in time by the fetch's
/// `FetchDeadline`), exponential backoff with equal jitter (half fixed, half random). The gateway's own `Retry-After` /
/// `x-ratelimit-retry` is a floor on a 429's wait, never a replacement for the backoff, and is not read on
/// a 5xx (Cashfree sends `x-ratelimit-retry: 0` on every answer).
public struct RetryPolicy: Sendable, Hashable {
  /// Tries in all, the first included.
  public var maxAttempts: Int
  /// The first backoff step, in milliseconds; doubles each retry up to `maxDelayMilliseconds`.
  public var baseDelayMilliseconds: Int
  public var maxDelayMilliseconds: Int

  public init(
    maxAttempts: Int = 4, baseDelayMilliseconds: Int = 200, maxDelayMilliseconds: Int = 5_000
  ) {
    self.maxAttempts = maxAttempts
    self.baseDelayMilliseconds = baseDelayMilliseconds
    self.maxDelayMilliseconds = maxDelayMilliseconds
  }

  public static let standard = RetryPolicy()
  /// No retries at all.
  public static let none = RetryPolicy(maxAttempts: 1)

  /// True for answers worth another try: 429 and the 5xx that mean "not now".
  public static func isRetryable(status: Int) -> Bool {
    status == 429 || status == 500 || status == 502 || status == 503 || status == 504
  }

  /// The wait the gateway asked for, in milliseconds: `x-ratelimit-retry` (seconds) or `Retry-After`
  /// (seconds; an HTTP date is not trusted across clocks and is ignored).
  public static func askedWait(_ headers: [HTTPHeader]) -> Int? {
    for name in ["x-ratelimit-retry", "retry-after"] {
      if let text = headers.first(name)?.trimmingSpaces(), let seconds = Double(text), seconds >= 0, seconds < 86_400 {
        return Int(seconds * 1000)
      }
    }
    return nil
  }

  /// The wait before retry number `retry` (1 for the first) after an answer with `status` (nil when no
  /// answer came), in milliseconds, and whether the gateway's asked wait set it: on a 429 the longer of the
  /// backoff and the wait asked for, otherwise the backoff alone.
  /// `rate`: the gateway's seconds per real second (the local simulator's clock may run faster), by which
  /// the wait it asks for is divided.
  public func wait(
    retry: Int, status: Int?, headers: [HTTPHeader], rate: Double = 1, random: inout some RandomNumberGenerator
  ) -> (milliseconds: Int, askedByGateway: Bool) {
    let backoff = backoff(retry: retry, random: &random)
    guard status == 429, let asked = RetryPolicy.askedWait(headers).map({ Int(Double($0) / max(rate, 1)) }),
      asked > backoff
    else { return (backoff, false) }
    return (asked, true)
  }

  /// The backoff before retry number `retry` (1 for the first retry), with jitter from `random`.
  public func backoff(retry: Int, random: inout some RandomNumberGenerator) -> Int {
    let exponent = min(retry - 1, 16)
    let ceiling = min(maxDelayMilliseconds, baseDelayMilliseconds << exponent)
    return ceiling <= 0 ? 0 : Int.random(in: (ceiling / 2)...ceiling, using: &random)
  }
}

extension String {
  func trimmingSpaces() -> String {
    var view = Substring(self)
    while view.first == " " || view.first == "\t" { view = view.dropFirst() }
    while view.last == " " || view.last == "\t" { view = view.dropLast() }
    return String(view)
  }
}
