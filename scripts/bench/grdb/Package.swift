// swift-tools-version:6.0
// The store benchmark's GRDB side (docs/ARCHITECTURE.md, "Why a layer of our own"): the same rows as paysh-bench
// inserted through GRDB 7.10 DatabaseQueue with cached statements. Usage, from this folder:
//   swift build -c release && .build/release/grdb-insert FILE.sqlite 100000 [--each]
import PackageDescription
let package = Package(
  name: "grdb-insert",
  dependencies: [.package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0")],
  targets: [.executableTarget(name: "grdb-insert", dependencies: [.product(name: "GRDB", package: "GRDB.swift")])]
)
