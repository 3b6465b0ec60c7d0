import PayshCore
import Testing

/// The waits `RetryPolicy` chooses: the backoff on 5xx and failed connections whatever the gateway's
/// rate-limit headers say, and on a 429 the longer of the backoff and the wait asked for.
@Suite("RetryPolicy waits")
struct RetryPolicyTests {
  /// The same numbers every run (SplitMix64).
  struct Seeded: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }

  let policy = RetryPolicy(baseDelayMilliseconds: 200, maxDelayMilliseconds: 5_000)
  let retryZero = [HTTPHeader("x-ratelimit-retry", "0"), HTTPHeader("x-ratelimit-remaining", "399")]

  @Test func aServerErrorBacksOffWhateverTheGatewayAsks() {
    var random = Seeded(state: 1)
    for retry in 1...3 {
      for headers in [retryZero, [HTTPHeader("Retry-After", "9")], []] {
        let wait = policy.wait(retry: retry, status: 503, headers: headers, random: &random)
        let ceiling = 200 << (retry - 1)
        #expect((ceiling / 2...ceiling).contains(wait.milliseconds), "retry \(retry): \(wait)")
        #expect(!wait.askedByGateway)
      }
    }
  }

  @Test func aFailedConnectionBacksOff() {
    var random = Seeded(state: 2)
    let wait = policy.wait(retry: 2, status: nil, headers: [], random: &random)
    #expect((200...400).contains(wait.milliseconds))
  }

  @Test func aRateLimitWaitsTheLongerOfTheAskAndTheBackoff() {
    var random = Seeded(state: 3)
    let asked = policy.wait(retry: 1, status: 429, headers: [HTTPHeader("x-ratelimit-retry", "7")], random: &random)
    #expect(asked.milliseconds == 7_000)
    #expect(asked.askedByGateway)
    let zero = policy.wait(retry: 1, status: 429, headers: retryZero, random: &random)
    #expect((100...200).contains(zero.milliseconds), "a 0 asked is no wait at all: the backoff stands")
    #expect(!zero.askedByGateway)
    let none = policy.wait(retry: 3, status: 429, headers: [], random: &random)
    #expect((400...800).contains(none.milliseconds))
  }
}
