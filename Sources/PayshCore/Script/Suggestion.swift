/// "Did you mean …": the closest candidates to a mistyped word.
public enum Suggestion {
  /// The best candidate for `word`, if one is close enough to be a likely typo.
  public static func closest(to word: String, in candidates: [String]) -> String? {
    ranked(word, candidates).first
  }

  /// Candidates within a typo's distance of `word`, closest first; a candidate that `word` is a prefix
  /// of counts as close.
  public static func ranked(_ word: String, _ candidates: [String]) -> [String] {
    let lowered = word.lowercased()
    let limit = max(1, min(3, lowered.count / 3))
    var scored: [(String, Int)] = []
    for candidate in candidates {
      let target = candidate.lowercased()
      var distance = editDistance(lowered, target)
      if lowered.count >= 2, target.hasPrefix(lowered) { distance = min(distance, 1) }
      if distance <= limit { scored.append((candidate, distance)) }
    }
    return scored.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.map(\.0)
  }

  /// Damerau–Levenshtein distance (optimal string alignment): a swap of two neighbours costs one.
  public static func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a.unicodeScalars)
    let y = Array(b.unicodeScalars)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var previous2 = [Int](repeating: 0, count: y.count + 1)
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
      current[0] = i
      for j in 1...y.count {
        let cost = x[i - 1] == y[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
          current[j] = min(current[j], previous2[j - 2] + 1)
        }
      }
      previous2 = previous
      previous = current
    }
    return previous[y.count]
  }
}
