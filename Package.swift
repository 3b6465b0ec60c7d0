// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "paysh",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "paysh", targets: ["paysh"]),
    .library(name: "PayshCore", targets: ["PayshCore"]),
    .library(name: "PayshSimulator", targets: ["PayshSimulator"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.30.0"),
    .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
  ],
  targets: [
    // libedit's native API (el_init, el_gets, history) with C shims for its variadic calls.
    .systemLibrary(
      name: "CEditLine",
      pkgConfig: "libedit",
      providers: [.apt(["libedit-dev"])]
    ),
    // The system libsqlite3 (pkg-config sqlite3) with a shim for SQLITE_TRANSIENT binds: the session store.
    .systemLibrary(
      name: "CSQLite",
      pkgConfig: "sqlite3",
      providers: [.apt(["libsqlite3-dev"])]
    ),
    // JSON as gateways send it, for both sides: the parser that keeps order, duplicates and number text,
    // the value, exact decimals, and the writer paysh prints and stores with and the simulator answers with.
    // Depends on nothing.
    .target(name: "PayshJSON"),
    // The engine: language, commands, gateways, transport, store, diff, replay. No terminal I/O.
    .target(
      name: "PayshCore",
      dependencies: [
        "CSQLite", "PayshJSON",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "PostgresNIO", package: "postgres-nio"),
      ]
    ),
    // The embedded gateway simulator: a real HTTP server on loopback.
    .target(
      name: "PayshSimulator",
      dependencies: [
        "PayshJSON",
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdCore", package: "hummingbird"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
    // The interactive front: the line editor over libedit, completion, prompt, signals.
    .target(
      name: "PayshShell",
      dependencies: ["PayshCore", "PayshJSON", "CEditLine"]
    ),
    .executableTarget(
      name: "paysh",
      dependencies: [
        "PayshShell", "PayshCore", "PayshSimulator",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      exclude: ["exports.map"],
      // Start-up (scripts/bench/startup): lld packs the ~130,000 relative relocations of Swift metadata
      // into DT_RELR (3 MB of RELA read at every start becomes 25 KB), and the version script exports
      // nothing, so the 2.4 MB dynamic symbol table the loader and dladdr search is gone.
      linkerSettings: [
        .unsafeFlags(
          [
            "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker",
            "--version-script=Sources/paysh/exports.map",
          ], .when(platforms: [.linux]))
      ]
    ),
    // The store benchmarks' driver (scripts/bench/store, scripts/bench/complete): SessionStore and Tab alone.
    .executableTarget(
      name: "paysh-bench",
      dependencies: [
        "PayshCore", "PayshJSON", "PayshShell", .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
      ]
    ),
    .testTarget(
      name: "PayshCoreTests",
      dependencies: ["PayshCore", "PayshJSON", .product(name: "PostgresNIO", package: "postgres-nio")]
    ),
    // The session store: SQLite layer, schema, sessions, export/import, HAR, refusals.
    .testTarget(name: "StoreTests", dependencies: ["PayshCore", "PayshJSON"]),
    // paysh's gateways against the embedded simulator over loopback: commands, errors, faults, redaction.
    .testTarget(name: "GatewayTests", dependencies: ["PayshCore", "PayshJSON", "PayshSimulator"]),
    // Golden transcripts: runs the built `paysh` on every history/NAME.ops and compares with NAME.out.
    .testTarget(name: "HistoryTests"),
    .testTarget(name: "PayshShellTests", dependencies: ["PayshShell", "PayshCore"]),
    .testTarget(
      name: "PayshSimulatorTests",
      dependencies: [
        "PayshSimulator", "PayshJSON",
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
      ]
    ),
  ]
)
