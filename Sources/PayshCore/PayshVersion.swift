/// The version of paysh, written in recorded scripts' headers and `paysh --version`.
public enum PayshVersion {
  public static let current = "0.1.0"
}
