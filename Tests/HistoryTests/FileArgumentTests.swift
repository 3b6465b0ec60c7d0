import Foundation
import Testing

/// Files named on `paysh`'s command line: a device, a FIFO or a folder is refused at once with one line,
/// and a `--store` in a folder that does not exist is refused without making it.
@Suite("paysh and the files it is given")
struct FileArgumentTests {
  static func fifo() -> (folder: String, fifo: String) {
    let folder = NSTemporaryDirectory() + "paysh-files-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    #expect(mkfifo(folder + "/fifo", 0o600) == 0)
    return (folder, folder + "/fifo")
  }

  static func timed(_ arguments: [String]) throws -> CommandLineTests.Run {
    let started = Date()
    let run = try CommandLineTests.paysh(arguments)
    #expect(Date().timeIntervalSince(started) < 10, "\(arguments) took \(Date().timeIntervalSince(started)) s")
    return run
  }

  @Test func diffOfADeviceOrAFIFOEndsAtOnce() throws {
    let (folder, fifo) = Self.fifo()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    for path in ["/dev/zero", fifo] {
      let run = try Self.timed(["-c", "diff \(path) \(folder)/a.json"])
      #expect(run.status == 3)
      #expect(run.stderr.contains("cannot read \(path): it is a"), "\(run.stderr)")
    }
  }

  @Test func runOpenAndSimRefuseFilesThatAreNotRegular() throws {
    let (folder, fifo) = Self.fifo()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let run = try Self.timed(["run", fifo])
    #expect(run.status == 1)
    #expect(run.stderr.contains("not a regular file"), "\(run.stderr)")
    for path in ["/dev/zero", fifo] {
      let open = try Self.timed(["open", path, "--commands", "sessions"])
      #expect(open.status == 1, "a file paysh open cannot read is a usage error")
      #expect(open.stderr.contains("not a store file"), "\(open.stderr)")
      let sim = try Self.timed(["sim", "--seed", path, "--port", "0"])
      #expect(sim.status == 1)
      #expect(sim.stderr.contains("--seed \(path): it is a"), "\(sim.stderr)")
    }
  }

  @Test func aStoreInAMissingFolderIsRefusedInOneLine() throws {
    let folder = NSTemporaryDirectory() + "paysh-nofolder-" + UUID().uuidString
    for arguments in [
      ["--store", folder + "/s.sqlite", "-c", "sessions"], ["run", "--store", folder + "/s.sqlite", "x.ops"],
    ] {
      let run = try Self.timed(arguments)
      #expect(run.status == 1)
      #expect(
        run.stderr
          == "paysh: cannot use the store \(folder)/s.sqlite: the folder \(folder) does not exist (paysh does not make it); make it first, or give another path\n"
      )
      #expect(!FileManager.default.fileExists(atPath: folder))
    }
    let memory = try Self.timed(["--store", ":memory:", "-c", "save a; sessions"])
    #expect(memory.status == 0, "\(memory.stderr)")
    #expect(!FileManager.default.fileExists(atPath: HistoryTests.root.path + "/:memory:"))
  }
}
