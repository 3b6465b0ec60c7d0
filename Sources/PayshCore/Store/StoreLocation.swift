/// Where the session store lives: `--store PATH`, else `$PAYSH_STORE`, else
/// `$XDG_DATA_HOME/paysh/paysh.sqlite`, else `~/.local/share/paysh/paysh.sqlite`.
public enum StoreLocation {
  /// The store path for this process, or nil when neither an override nor a home folder is known.
  public static func path(override: String? = nil, environment: [String: String]) -> String? {
    if let override, !override.isEmpty { return override }
    if let explicit = environment["PAYSH_STORE"], !explicit.isEmpty { return explicit }
    if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") { return join(data, "paysh/paysh.sqlite") }
    if let home = environment["HOME"], !home.isEmpty { return join(home, ".local/share/paysh/paysh.sqlite") }
    return nil
  }

  static func join(_ folder: String, _ rest: String) -> String {
    folder.hasSuffix("/") ? folder + rest : folder + "/" + rest
  }
}
