#if canImport(Glibc)
import Glibc
#endif

/// Where the session store lives: `--store PATH`, else `$PAYSH_STORE`, else
/// `$XDG_DATA_HOME/paysh/paysh.sqlite`, else `~/.local/share/paysh/paysh.sqlite`.
///
/// Only the default location's folders are made when missing; a path the user gives must name a folder
/// that exists (a typo must not leave folders behind). `:memory:` is a store in memory (nothing kept).
public enum StoreLocation {
  /// The store path for this process, or nil when neither an override nor a home folder is known.
  public static func path(override: String? = nil, environment: [String: String]) -> String? {
    resolve(override: override, environment: environment)?.path
  }

  /// The store path and whether the user gave it (`--store`, `PAYSH_STORE`) rather than it being the default.
  public static func resolve(override: String? = nil, environment: [String: String]) -> (path: String, given: Bool)? {
    if let override, !override.isEmpty { return (override, true) }
    if let explicit = environment["PAYSH_STORE"], !explicit.isEmpty { return (explicit, true) }
    if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") { return (join(data, "paysh/paysh.sqlite"), false) }
    if let home = environment["HOME"], !home.isEmpty { return (join(home, ".local/share/paysh/paysh.sqlite"), false) }
    return nil
  }

  /// Why a store cannot be made at `path` without making folders: its folder is missing or not a folder.
  public static func folderProblem(_ path: String) -> String? {
    if path == SessionStore.inMemory { return nil }
    guard let slash = path.lastIndex(of: "/") else { return nil }  // the current folder
    let folder = slash == path.startIndex ? "/" : String(path[..<slash])
    var info = stat()
    guard stat(folder, &info) == 0 else { return "the folder \(folder) does not exist (paysh does not make it)" }
    guard (info.st_mode & S_IFMT) == S_IFDIR else { return "\(folder) is not a folder" }
    return nil
  }

  static func join(_ folder: String, _ rest: String) -> String {
    folder.hasSuffix("/") ? folder + rest : folder + "/" + rest
  }
}
