import PayshCore

/// The shell's prompt: `paysh> ` before `use`, `paysh cashfree@local> ` after, the place in red for
/// production (when colour is on).
public enum Prompt {
  /// The prompt for `context`, with its colour codes bracketed for libedit.
  public static func text(for context: ShellContext, style: TextStyle) -> String {
    bracketingInvisible(context.prompt(style: style))
  }

  /// The character that brackets text libedit must not count as printed (`EL_PROMPT_ESC`).
  public static let invisibleMarker: Unicode.Scalar = "\u{1}"

  /// `prompt` with every run of ANSI escape sequences (`ESC [ … letter`) enclosed in `\1` markers, so libedit
  /// knows those bytes take no room on the screen. Sequences that touch share one pair of markers: libedit
  /// reads `\1\1` as a literal `\1` and then gets the rest of the prompt wrong. Already-bracketed text is
  /// left as it is.
  public static func bracketingInvisible(_ prompt: String) -> String {
    if prompt.unicodeScalars.contains(invisibleMarker) { return prompt }
    let scalars = Array(prompt.unicodeScalars)
    var out = String.UnicodeScalarView()
    var index = 0
    while index < scalars.count {
      guard scalars[index] == "\u{1B}" else {
        out.append(scalars[index])
        index += 1
        continue
      }
      out.append(invisibleMarker)
      while index < scalars.count, scalars[index] == "\u{1B}" {
        var end = index + 1
        if end < scalars.count, scalars[end] == "[" {
          end += 1
          while end < scalars.count, !(0x40...0x7E).contains(scalars[end].value) { end += 1 }
        }
        end = min(end + 1, scalars.count)
        out.append(contentsOf: scalars[index..<end])
        index = end
      }
      out.append(invisibleMarker)
    }
    return String(out)
  }

  /// The prompt as shown: `prompt` without the markers and escape sequences.
  public static func visible(_ prompt: String) -> String {
    var out = String.UnicodeScalarView()
    var inEscape = false
    for scalar in prompt.unicodeScalars {
      if scalar == invisibleMarker {
        inEscape.toggle()
      } else if !inEscape {
        out.append(scalar)
      }
    }
    return String(out)
  }
}
