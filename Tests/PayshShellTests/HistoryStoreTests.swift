import PayshCore
import Testing

@testable import PayshShell

#if canImport(Glibc)
import Glibc
#endif

@Suite("History file, secret lines, prompt and candidate list")
struct HistoryStoreTests {
  @Test func defaultPathFollowsXDGThenHome() {
    #expect(HistoryStore.defaultPath(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/s/paysh/history")
    #expect(HistoryStore.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/state/paysh/history")
    #expect(
      HistoryStore.defaultPath(environment: ["XDG_STATE_HOME": "relative", "HOME": "/h"])
        == "/h/.local/state/paysh/history")
    #expect(HistoryStore.defaultPath(environment: [:]) == nil)
  }

  @Test func createsFoldersAndFileWithMode0600() {
    let folder = makeTemporaryFolder()
    defer { removeTree(folder) }
    let store = HistoryStore(environment: ["XDG_STATE_HOME": folder + "/state"])
    #expect(store.problem == nil)
    #expect(store.path == folder + "/state/paysh/history")
    var information = stat()
    #expect(stat(folder + "/state/paysh/history", &information) == 0)
    #expect(information.st_mode & 0o777 == 0o600)
    #expect(stat(folder + "/state/paysh", &information) == 0)
    #expect(information.st_mode & 0o777 == 0o700)
  }

  @Test func appendsEachLineAndReloads() {
    let folder = makeTemporaryFolder()
    defer { removeTree(folder) }
    let path = folder + "/history"
    let first = HistoryStore(path: path)
    #expect(first.add("use cashfree"))
    #expect(first.add("  echo café  "))
    #expect(readFile(path) == "use cashfree\necho café\n")
    let second = HistoryStore(path: path)
    #expect(second.entries == ["use cashfree", "echo café"])
  }

  @Test func skipsBlankLinesRepeatsAndSecrets() {
    let folder = makeTemporaryFolder()
    defer { removeTree(folder) }
    let path = folder + "/history"
    let store = HistoryStore(path: path)
    #expect(store.add("help"))
    #expect(!store.add("help"))
    #expect(!store.add("   "))
    #expect(!store.add("auth secret123"))
    #expect(!store.add("auth --client-secret abc"))
    #expect(!store.add("echo hi; auth key"))
    #expect(store.add("auth show"))
    #expect(store.add("help"))
    #expect(readFile(path) == "help\nauth show\nhelp\n")
    #expect(readFile(path)?.contains("secret123") == false)
  }

  @Test func trimsAnOverlongFileOnLoad() {
    let folder = makeTemporaryFolder()
    defer { removeTree(folder) }
    let path = folder + "/history"
    writeFile(path, (1...25).map { "echo \($0)\n" }.joined())
    let store = HistoryStore(path: path, limit: 10)
    #expect(store.entries.count == 10)
    #expect(store.entries.first == "echo 16")
    #expect(readFile(path)?.split(separator: "\n").count == 10)
  }

  @Test func unusableFileIsReportedNotFatal() {
    let store = HistoryStore(path: "/proc/definitely/not/here/history")
    #expect(store.problem != nil)
    #expect(store.add("help"))
    #expect(store.entries == ["help"])
  }

  @Test(arguments: [
    ("auth", false), ("auth show", false), ("auth clear", false), ("auth --profile ops", false),
    ("auth show --profile=ops", false), ("auth secret123", true), ("auth CLIENT_ID SECRET", true),
    ("auth --profile ops s3cr3t", true), ("auth \"quoted\"", true), ("auth $secret", true),
    ("echo auth", false), ("help auth", false), ("echo a; auth x", true), ("use enkash --api-key k", true),
    ("set token = abc", false), ("fetch --client-secret=abc", true), ("echo \"unterminated auth", true),
    ("use cashfree --shipping x", false), ("use cashfree --base-url https://u:pw@api.example/pg", true),
    ("use cashfree --base-url https://api.example/pg", false),
  ])
  func secretPolicy(line: String, secret: Bool) {
    #expect(SecretPolicy.lineCarriesSecret(line) == secret)
  }

  @Test func promptMarksEscapeSequencesForLibedit() {
    var context = ShellContext()
    #expect(Prompt.text(for: context, style: .ansi) == "paysh> ")
    context.gateway = "cashfree"
    #expect(Prompt.text(for: context, style: .plain) == "paysh cashfree@local> ")
    context.environment = "production"
    let coloured = Prompt.text(for: context, style: .ansi)
    #expect(coloured.contains("\u{1}\u{1B}[31m\u{1B}[1m\u{1}cashfree@production\u{1}\u{1B}[0m\u{1B}[0m\u{1}> "))
    #expect(!coloured.contains("\u{1}\u{1}"), "libedit misreads adjacent markers")
    #expect(Prompt.visible(coloured) == "paysh cashfree@production> ")
    #expect(Prompt.bracketingInvisible(coloured) == coloured)
  }

  @Test func candidatesAreLaidOutInColumns() {
    let text = CandidateList.render(["echo", "env", "exit"], width: 80)
    #expect(text == "echo  env   exit\r\n")
    let narrow = CandidateList.render(["alpha", "beta", "gamma"], width: 14)
    #expect(narrow == "alpha  gamma\r\nbeta\r\n")
    #expect(CandidateList.render([], width: 80) == "")
  }
}
