import PayshCore
import Testing

@testable import PayshShell

#if canImport(Glibc)
import Glibc
#endif

@Suite("Completer: what Tab offers for partial input")
struct CompleterTests {
  let completer: Completer = {
    var context = ShellContext()
    context.variables = ["order": "order_1", "order_two": "order_2", "amount": "22"]
    context.refs = ["first": .index(1)]
    return Completer(registry: testRegistry, context: context)
  }()

  @Test func commandPrefixCompletesUniquely() {
    let completion = completer.complete("he")
    #expect(completion.values == ["help"])
    #expect(completion.start == 0)
    #expect(completion.replacement == "help ")
  }

  @Test func emptyLineListsEveryCommandAndAlias() {
    let completion = completer.complete("")
    #expect(completion.values == testRegistry.allNames)
    #expect(completion.values.contains("exit"))
    #expect(completion.values.contains("?"))
    #expect(completion.replacement == nil)
  }

  @Test func aliasCompletes() {
    #expect(completer.complete("ex").values == ["exit"])
    #expect(completer.complete("ex").replacement == "exit ")
  }

  @Test func severalCommandsAreListedWithoutChange() {
    let completion = completer.complete("e")
    #expect(completion.values == ["echo", "env", "exit"])
    #expect(completion.replacement == nil)
  }

  @Test func commonPrefixIsFilledIn() {
    let completion = completer.complete("un")
    #expect(completion.values == ["unset"])
    let vars = completer.complete("echo $or")
    #expect(vars.values == ["$order", "$order_two"])
    #expect(vars.replacement == "$order")
  }

  @Test func unknownCommandOffersNothing() {
    #expect(completer.complete("fetchh ").candidates.isEmpty)
    #expect(completer.complete("zz").candidates.isEmpty)
  }

  @Test func gatewaysAfterUse() {
    #expect(completer.complete("use ").values == ["cashfree", "enkash", "paytring"])
    let completion = completer.complete("use pay")
    #expect(completion.values == ["paytring"])
    #expect(completion.start == 4)
    #expect(completion.replacement == "paytring ")
  }

  @Test func environmentsInSecondPosition() {
    #expect(completer.complete("use cashfree ").values == ["local", "production", "sandbox"])
    #expect(completer.complete("use cashfree s").replacement == "sandbox ")
    #expect(completer.complete("use cashfree sandbox ").values == ["--base-url", "--version"])
  }

  @Test func optionPrefix() {
    #expect(completer.complete("use cashfree --").values == ["--base-url", "--version"])
    #expect(completer.complete("use cashfree --v").replacement == "--version ")
    #expect(completer.complete("load a.ops --ve").values == ["--verbose"])
  }

  @Test func optionAlreadyGivenIsNotOfferedAgainUnlessRepeating() {
    #expect(completer.complete("use cashfree --version 2022-09-01 --").values == ["--base-url"])
    #expect(completer.complete("load --tag red --").values == ["--out", "--tag", "--verbose"])
  }

  @Test func valueAfterAnOptionThatTakesOne() {
    #expect(completer.complete("load --tag ").values == ["green", "red"])
    #expect(completer.complete("load --tag g").replacement == "green ")
    #expect(completer.complete("use cashfree --version ").candidates.isEmpty)
    // A flag takes no value: the next word is a positional again.
    #expect(completer.complete("load --verbose --t").values == ["--tag"])
  }

  @Test func inlineOptionValue() {
    let completion = completer.complete("load --tag=r")
    #expect(completion.values == ["red"])
    #expect(completion.start == "load --tag=".count)
    #expect(completion.replacement == "red ")
  }

  @Test func variablePrefix() {
    #expect(completer.complete("echo $").values == ["$amount", "$order", "$order_two"])
    #expect(completer.complete("echo $am").replacement == "$amount ")
    #expect(completer.complete("use $").values == ["$amount", "$order", "$order_two"])
  }

  @Test func variableInsideADoubleQuotedWord() {
    let line = "echo \"total: $am"
    let completion = completer.complete(line)
    #expect(completion.values == ["$amount"])
    #expect(completion.start == line.count - 3)
    #expect(completion.replacement == "$amount")
    #expect(completer.complete("echo 'x $am").candidates.isEmpty)
  }

  @Test func variableNamesForUnsetAndSet() {
    #expect(completer.complete("unset o").values == ["order", "order_two"])
    #expect(completer.complete("set am").values == ["amount"])
  }

  @Test func refsAfterAt() {
    #expect(
      completer.complete("set x = @").values == ["@last", "@prev", "@first"], "@last and @prev first, then names")
    #expect(completer.complete("set x = @l").replacement == "@last ")
  }

  @Test func helpCompletesCommandNames() {
    #expect(completer.complete("help u").values == ["unset", "use"])
    #expect(completer.complete("help us").replacement == "use ")
    #expect(completer.complete("help use ").candidates.isEmpty)
  }

  @Test func nothingAfterACommandThatTakesNoArguments() {
    #expect(completer.complete("env ").candidates.isEmpty)
    #expect(completer.complete("vars x").candidates.isEmpty)
    #expect(completer.complete("quit 0 ").candidates.isEmpty)
    #expect(completer.complete("echo hel").candidates.isEmpty)
  }

  @Test func quotedWords() {
    let completion = completer.complete("use \"cash")
    #expect(completion.values == ["cashfree"])
    #expect(completion.start == 4)
    #expect(completion.replacement == "\"cashfree\" ")
    // A finished quoted word counts as one argument, spaces and all.
    #expect(completer.complete("use \"cash free\" ").values == ["local", "production", "sandbox"])
    #expect(completer.complete("use 'cashfree' s").values == ["sandbox"])
    // A quoted word is never a command name or an option.
    #expect(completer.complete("\"he").candidates.isEmpty)
    #expect(completer.complete("use cashfree \"--").candidates.isEmpty)
  }

  @Test func onlyTheLastCommandOfTheLineCounts() {
    #expect(completer.complete("use cashfree; he").values == ["help"])
    #expect(completer.complete("echo a;use ").values.count == 3)
  }

  @Test func commentsCompleteNothing() {
    #expect(completer.complete("echo hi # he").candidates.isEmpty)
  }

  @Test func filePathsRespectExtensionsAndFolders() {
    let folder = makeTemporaryFolder()
    defer { removeTree(folder) }
    writeFile(folder + "/ticket.ops")
    writeFile(folder + "/tock.ops")
    writeFile(folder + "/notes.txt")
    writeFile(folder + "/.hidden.ops")
    _ = mkdir(folder + "/scripts", 0o755)
    writeFile(folder + "/scripts/refund.ops")
    writeFile(folder + "/my file.ops")
    let files = Completer(registry: testRegistry, workingDirectory: folder)

    #expect(files.complete("load ").values == ["my file.ops", "scripts/", "ticket.ops", "tock.ops"])
    #expect(files.complete("load t").values == ["ticket.ops", "tock.ops"])
    #expect(files.complete("load ti").replacement == "ticket.ops ")
    #expect(files.complete("load s").replacement == "scripts/")
    #expect(files.complete("load scripts/").values == ["scripts/refund.ops"])
    #expect(files.complete("load scripts/").candidates.first?.display == "refund.ops")
    #expect(files.complete("load .").values == [".hidden.ops"])
    #expect(files.complete("load my").replacement == "my\\ file.ops ")
    #expect(files.complete("load \"my").replacement == "\"my file.ops\" ")
    #expect(files.complete("load --out n").values == ["notes.txt"])
    #expect(files.complete("load " + folder + "/tic").replacement == folder + "/ticket.ops ")
    #expect(files.complete("load nowhere/x").candidates.isEmpty)
  }

  @Test func homeFolderInPaths() {
    let folder = makeTemporaryFolder()
    defer { removeTree(folder) }
    writeFile(folder + "/mine.ops")
    let files = Completer(registry: testRegistry, homeDirectory: folder)
    #expect(files.complete("load ~/mi").replacement == "~/mine.ops ")
  }
}
