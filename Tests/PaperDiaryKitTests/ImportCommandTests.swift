import Foundation
import Testing

/// `paperdiary import` as the office runs it: the built executable on a bad set must exit 2,
/// print the defect as `file:line: column: message` first on stderr and leave the store as it
/// was (DESIGN §2, §6).
@Suite("paperdiary import")
struct ImportCommandTests {
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The executable built beside this test bundle, else in the scratch paths the package uses.
  static let executable: URL? = {
    let besideTests = URL(fileURLWithPath: CommandLine.arguments.first ?? "")
      .deletingLastPathComponent()
    var candidates = [besideTests.appendingPathComponent("paperdiary")]
    candidates += [".build-imptest", ".build"].map {
      packageRoot.appendingPathComponent("\($0)/debug/paperdiary")
    }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }()

  struct Run {
    let status: Int32
    let stdout: String
    let stderr: String
  }

  static func run(_ arguments: [String]) throws -> Run {
    let executable: URL = try #require(Self.executable)
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }

  /// The store file without the three header counters that opening it moves: GRDB's pool
  /// creates and drops a table when it finds no WAL file (its issue 102), which bumps the
  /// change counter, the schema cookie and the version-valid-for number. Every page is kept.
  static func pages(_ path: String) throws -> [UInt8] {
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    for range in [24..<28, 40..<44, 92..<96] where bytes.count >= 100 {
      bytes.replaceSubrange(range, with: [0, 0, 0, 0])
    }
    return bytes
  }

  @Test(
    "a bad set: exit 2, the defect first on stderr, the store unchanged",
    .needsExecutable)
  func badSet() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("paperdiary-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let set = folder.appendingPathComponent("set")
    try FileManager.default.copyItem(
      at: Self.packageRoot.appendingPathComponent("Tests/GradeStoreTests/Fixtures/good"), to: set)
    let store = folder.appendingPathComponent("store.sqlite").path

    let created = try Self.run(["init", "--store", store])
    #expect(created.status == 0, "\(created.stderr)")
    let good = try Self.run(["import", set.path, "--store", store, "--operator", "test"])
    #expect(good.status == 0, "\(good.stderr)")
    #expect(good.stdout.contains("marks.csv: 6 rows (6 new, 0 updated)"))
    let before = try Self.pages(store)

    let marks = set.appendingPathComponent("marks.csv")
    let text = try String(contentsOf: marks, encoding: .utf8)
    let range = try #require(text.range(of: "sr,3,,"))
    try Data(text.replacingCharacters(in: range, with: "sr,6,,").utf8).write(to: marks)
    let bad = try Self.run(["import", set.path, "--store", store, "--operator", "test"])
    #expect(bad.status == 2)
    let lines = bad.stderr.split(separator: "\n")
    #expect(
      lines.first
        == "marks.csv:4: value: '6' is not a mark of this school (2, 3, 4, 5, or '.' for a debt)")
    #expect(lines.last == "import refused: 1 error; nothing was written to the store")
    #expect(bad.stdout.isEmpty)
    #expect(try Self.pages(store) == before)

    // A store that others can read is refused with the same exit code, naming the chmod.
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: store)
    let loose = try Self.run(["import", set.path, "--store", store])
    #expect(loose.status == 2)
    #expect(loose.stderr.contains("chmod 600 \(store)"))
  }
}

extension Trait where Self == ConditionTrait {
  /// For tests that run the built `paperdiary` (`ImportCommandTests.executable`): skipped, with
  /// the reason, until it is built.
  static var needsExecutable: Self {
    .enabled(
      if: ImportCommandTests.executable != nil, "build the executable first: swift build")
  }
}
