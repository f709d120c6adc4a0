// swift-tools-version:6.1
import PackageDescription

/// Settings every target shares: Swift 6 mode plus the upcoming features STYLE.md asks for.
let sharedSettings: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
  name: "PaperDiary",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "paperdiary", targets: ["paperdiary"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
  ],
  targets: [
    // MARK: - Executable
    .executableTarget(
      name: "paperdiary",
      dependencies: [
        "PaperDiaryKit",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: sharedSettings
    ),
    // MARK: - Libraries
    .target(
      name: "PaperDiaryKit",
      dependencies: ["CCrypto", "DiaryRules", "GradeStore", "SheetRendering"],
      swiftSettings: sharedSettings
    ),
    .target(
      name: "GradeStore",
      dependencies: [
        "CSQLiteConfig",
        "DiaryRules",
        "PlainTOML",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
      ],
      swiftSettings: sharedSettings
    ),
    // SQLite's process-wide settings, made in C: `sqlite3_config` is variadic. Its debug
    // information is DWARF 4, as Swift's is: Debian's valgrind (3.19, `make leaks`) gives up
    // on the whole binary when it meets clang's default DWARF 5.
    .target(
      name: "CSQLiteConfig",
      cSettings: [.unsafeFlags(["-gdwarf-4"])],
      linkerSettings: [.linkedLibrary("sqlite3")]
    ),
    .target(name: "DiaryRules", swiftSettings: sharedSettings),
    .target(name: "PlainTOML", swiftSettings: sharedSettings),
    .target(
      name: "SheetRendering",
      dependencies: ["CCairo", "DiaryRules", "PlainTOML", "SheetTemplates"],
      swiftSettings: sharedSettings
    ),
    // The school-editable templates at the top of the repository, shipped as resources.
    .target(
      name: "SheetTemplates",
      path: "Templates",
      exclude: ["README.md"],
      sources: ["TemplateResources.swift"],
      resources: [.copy("ru"), .copy("en")],
      swiftSettings: sharedSettings
    ),
    // MARK: - Fuzzing
    // `make fuzz` builds these with libFuzzer, ASan and `-DFUZZING`; built plainly they replay
    // the files named on the command line, and the tests import them to replay the kept inputs
    // in Tests/FuzzRegressions through the same code.
    .executableTarget(
      name: "FuzzCSV", dependencies: ["GradeStore", "DiaryRules"], swiftSettings: sharedSettings),
    .executableTarget(
      name: "FuzzTemplate", dependencies: ["SheetRendering", "DiaryRules"],
      swiftSettings: sharedSettings),
    // MARK: - System libraries
    .systemLibrary(
      name: "CCrypto",
      path: "Sources/CCrypto",
      pkgConfig: "libcrypto",
      providers: [.apt(["libssl-dev"])]
    ),
    .systemLibrary(
      name: "CCairo",
      path: "Sources/CCairo",
      pkgConfig: "pangocairo",
      providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]
    ),
    // MARK: - Tests
    // Reading PDFs back (poppler's tools, `pdftotext -bbox` words), and the inputs `make fuzz`
    // kept, for the test targets.
    .target(name: "PDFTestSupport", path: "Tests/PDFTestSupport", swiftSettings: sharedSettings),
    .testTarget(
      name: "DiaryRulesTests", dependencies: ["DiaryRules"], swiftSettings: sharedSettings),
    .testTarget(
      name: "PlainTOMLTests", dependencies: ["PlainTOML"], swiftSettings: sharedSettings),
    .testTarget(
      name: "SheetRenderingTests",
      dependencies: ["SheetRendering", "FuzzTemplate", "PDFTestSupport"],
      exclude: ["Fixtures"],
      swiftSettings: sharedSettings),
    .testTarget(
      name: "GradeStoreTests",
      dependencies: [
        "GradeStore", "DiaryRules", "FuzzCSV", "PDFTestSupport",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
      ],
      exclude: ["Fixtures"],
      swiftSettings: sharedSettings
    ),
    .testTarget(
      name: "PaperDiaryKitTests",
      dependencies: [
        "PDFTestSupport",
        "PaperDiaryKit", "GradeStore", "DiaryRules", "SheetRendering",
        .product(name: "GRDB", package: "GRDB.swift"),
      ],
      swiftSettings: sharedSettings
    ),
  ]
)
