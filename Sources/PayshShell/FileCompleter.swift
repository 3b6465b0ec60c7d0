#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Completes file paths: the entries of the folder named so far whose names start with the rest.
///
/// Folders are always offered (ending in `/`); files only when `extensions` is empty or holds theirs
/// (compared without case). Hidden entries are offered only when the typed name starts with a dot.
struct FileCompleter: Sendable {
  /// Where relative paths start; nil for the process's working directory.
  var workingDirectory: String?
  /// What a leading `~/` stands for; nil leaves it alone.
  var homeDirectory: String?

  /// The candidates for the path `typed`.
  func candidates(for typed: String, extensions: [String]) -> [Completion.Candidate] {
    let folderPart: String
    let namePrefix: String
    if let slash = typed.lastIndex(of: "/") {
      folderPart = String(typed[...slash])
      namePrefix = String(typed[typed.index(after: slash)...])
    } else {
      folderPart = ""
      namePrefix = typed
    }
    let wanted = Set(extensions.map { $0.lowercased() })
    var result: [Completion.Candidate] = []
    for (name, isDirectory) in entries(of: resolve(folderPart)) {
      guard name.hasPrefix(namePrefix), name != ".", name != ".." else { continue }
      if name.hasPrefix("."), !namePrefix.hasPrefix(".") { continue }
      if !isDirectory, !wanted.isEmpty {
        guard let dot = name.lastIndex(of: "."), wanted.contains(name[name.index(after: dot)...].lowercased())
        else { continue }
      }
      let shown = name + (isDirectory ? "/" : "")
      result.append(Completion.Candidate(folderPart + shown, display: shown, isDirectory: isDirectory))
    }
    return result
  }

  /// The folder to list for the folder part of a typed path.
  func resolve(_ folderPart: String) -> String {
    var folder = folderPart
    if let homeDirectory, folder == "~/" || folder.hasPrefix("~/") {
      folder = homeDirectory + folder.dropFirst()
    }
    if folder.hasPrefix("/") { return folder }
    let base = workingDirectory ?? "."
    return folder.isEmpty ? base : base + "/" + folder
  }

  /// The names in `folder`, each with whether it is a folder (following symbolic links); none when it
  /// cannot be read.
  func entries(of folder: String) -> [(String, Bool)] {
    guard let stream = opendir(folder) else { return [] }
    defer { closedir(stream) }
    var result: [(String, Bool)] = []
    while let entry = readdir(stream) {
      let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
        pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
      }
      let type = entry.pointee.d_type
      var isDirectory = type == UInt8(DT_DIR)
      if type == UInt8(DT_LNK) || type == UInt8(DT_UNKNOWN) {
        var information = stat()
        let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
        isDirectory = stat(path, &information) == 0 && (information.st_mode & S_IFMT) == S_IFDIR
      }
      result.append((name, isDirectory))
    }
    return result
  }
}
