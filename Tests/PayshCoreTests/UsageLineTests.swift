import Testing

@testable import PayshCore

/// The usage line is generated from each command's spec, so no declared option can be missing from it.
@Suite("Usage lines")
struct UsageLineTests {
  @Test func everyDeclaredOptionAppearsInItsCommandsUsage() {
    for spec in Registry.standard.specs {
      for option in spec.options {
        #expect(
          CommandSpec.names(option: option.name, in: spec.usage), "\(spec.name): --\(option.name) in \(spec.usage)")
      }
    }
  }

  @Test func fetchNamesAllowError() {
    let usage = Registry.standard.command(named: "fetch")?.spec.usage ?? ""
    #expect(usage.contains("[--raw|--summary] [--allow-error] | fetch --from FILE"), "\(usage)")
    #expect(!CommandSpec.names(option: "raw", in: "x [--raw-text]"), "--raw-text is not --raw")
  }

  @Test func helpAndUsageErrorsShowTheGeneratedLine() async {
    let output = BufferedOutput()
    let shell = Interpreter(output: output)
    await shell.run(SourceFile(name: "t.ops", text: "help fetch"))
    #expect(output.standardOutput.contains("[--allow-error]"), "\(output.standardOutput)")
  }
}

/// `set` and its reserved names.
@Suite("Set names")
struct SetNameTests {
  @Test(arguments: ["last", "prev", "previous"])
  func reservedNamesCannotNameASnapshot(_ name: String) async {
    let output = BufferedOutput()
    let shell = Interpreter(output: output)
    #expect(await shell.run(SourceFile(name: "t.ops", text: "set \(name) = @1\necho never")) == .syntax)
    #expect(output.standardError.contains("@\(name) cannot be renamed"), "\(output.standardError)")
    #expect(output.standardOutput.isEmpty)
    #expect(shell.context.refs[name] == nil)
  }

  @Test func aReservedNameIsStillAVariable() async {
    let output = BufferedOutput()
    let shell = Interpreter(output: output)
    #expect(await shell.run(SourceFile(name: "t.ops", text: "set last = order_1\necho $last")) == .ok)
    #expect(output.standardOutput == "order_1\n")
  }
}
