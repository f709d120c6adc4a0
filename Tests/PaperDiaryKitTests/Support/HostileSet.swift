import Foundation
import Testing

/// A 0700 temporary folder for one hostile-input case: `set/`, a copy of `Samples/` to plant a
/// defect in; `grades.sqlite`, a copy of a store or a new one; `out/`, the output folder (not
/// made here); `logs/`, where the real executable's output goes. Removed with the value.
final class HostileSet {
  let folder: URL
  let set: URL
  let store: String
  let out: URL
  let logs: URL

  /// Copies `Samples/` and, when given, the store at `storeCopiedFrom`; else inits a new store.
  init(_ name: String, storeCopiedFrom source: String? = nil) throws {
    let base = FileManager.default.temporaryDirectory
    folder = base.appendingPathComponent("paperdiary-hostile-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(
      at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    set = folder.appendingPathComponent("set")
    store = folder.appendingPathComponent("grades.sqlite").path
    out = folder.appendingPathComponent("out")
    logs = folder.appendingPathComponent("logs")
    try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: false)
    try FileManager.default.copyItem(at: Self.samples, to: set)
    try? FileManager.default.removeItem(at: set.appendingPathComponent("README.md"))
    if let source {
      try FileManager.default.copyItem(atPath: source, toPath: store)
      try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: store)
    } else {
      let created = try run(["init", "--store", store])
      #expect(created.status == 0, "\(created.stderr)")
    }
  }

  deinit { try? FileManager.default.removeItem(at: folder) }

  static let samples = ImportCommandTests.packageRoot.appendingPathComponent("Samples")

  // MARK: - Planting defects

  func file(_ name: String) -> URL { set.appendingPathComponent(name) }

  func text(_ name: String) throws -> String {
    try String(contentsOf: file(name), encoding: .utf8)
  }

  func write(_ name: String, _ bytes: [UInt8]) throws {
    try Data(bytes).write(to: file(name))
  }

  func write(_ name: String, _ text: String) throws {
    try write(name, Array(text.utf8))
  }

  /// The 1-based line of `name` that starts with `prefix` (the first one).
  func line(startingWith prefix: String, in name: String) throws -> Int {
    let lines = try text(name).split(separator: "\n", omittingEmptySubsequences: false)
    let index = try #require(lines.firstIndex { $0.hasPrefix(prefix) }, "\(prefix) in \(name)")
    return index + 1
  }

  /// Replaces the line of `name` that starts with `prefix` by `transform` of it.
  func edit(_ name: String, lineStartingWith prefix: String, _ transform: (String) -> String)
    throws
  {
    var lines = try text(name).split(separator: "\n", omittingEmptySubsequences: false)
      .map(String.init)
    let index = try #require(lines.firstIndex { $0.hasPrefix(prefix) }, "\(prefix) in \(name)")
    lines[index] = transform(lines[index])
    try write(name, lines.joined(separator: "\n"))
  }

  /// Sets `column` of the record whose first field is `key` in `name` (a plain CSV: the edited
  /// record has no quoted field before `column`).
  func set(_ column: String, of key: String, in name: String, to value: String) throws {
    let header = try text(name).prefix { $0 != "\n" }.split(separator: ",").map(String.init)
    let position = try #require(header.firstIndex(of: column), "\(column) in \(name)")
    try edit(name, lineStartingWith: key + ",") { line in
      var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      fields[position] = Self.quoted(value)
      return fields.joined(separator: ",")
    }
  }

  /// Renames an id everywhere the set uses it: every field of every CSV that is exactly `old`.
  func rename(_ old: String, to new: String) throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: set.path)
    for name in names where name.hasSuffix(".csv") {
      let lines = try text(name).split(separator: "\n", omittingEmptySubsequences: false)
      let renamed = lines.map { line in
        line.split(separator: ",", omittingEmptySubsequences: false)
          .map { $0 == old ? Substring(new) : $0 }.joined(separator: ",")
      }
      try write(name, renamed.joined(separator: "\n"))
    }
  }

  /// A CSV field for `value`, quoted (RFC 4180) when it needs to be.
  static func quoted(_ value: String) -> String {
    guard value.contains(where: { ",\"\n\r".contains($0) }) else { return value }
    return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// `text` in Windows-1251, for the letters the sample uses: ASCII, А–я, Ё and ё.
  static func windows1251(_ text: String) throws -> [UInt8] {
    try text.unicodeScalars.map { scalar in
      switch scalar.value {
      case 0..<0x80: return UInt8(scalar.value)
      case 0x410...0x44F: return UInt8(scalar.value - 0x410 + 0xC0)
      case 0x401: return 0xA8
      case 0x451: return 0xB8
      default:
        Issue.record("no Windows-1251 byte for U+\(String(scalar.value, radix: 16))")
        throw CocoaError(.fileWriteInapplicableStringEncoding)
      }
    }
  }

  // MARK: - Running paperdiary

  /// What the real executable did: its status and output, how long it took, and the peak
  /// resident memory of its process in KiB (from GNU time; nil where that is not installed).
  struct Run {
    let status: Int32
    let stdout: String
    let stderr: String
    let seconds: Double
    let maxRSSKiB: Int?

    var stderrLines: [Substring] { stderr.split(separator: "\n") }
  }

  static let gnuTime = "/usr/bin/time"
  static var canMeasureMemory: Bool { FileManager.default.isExecutableFile(atPath: gnuTime) }

  /// Runs `paperdiary arguments` with its output in files (no pipe can fill and stall it).
  func run(_ arguments: [String]) throws -> Run {
    let executable = try #require(ImportCommandTests.executable)
    let id = UUID().uuidString
    let stdout = logs.appendingPathComponent("\(id).out")
    let stderr = logs.appendingPathComponent("\(id).err")
    let rss = logs.appendingPathComponent("\(id).rss")
    for file in [stdout, stderr] {
      #expect(FileManager.default.createFile(atPath: file.path, contents: nil))
    }
    let process = Process()
    if Self.canMeasureMemory {
      process.executableURL = URL(fileURLWithPath: Self.gnuTime)
      process.arguments = ["-f", "%M", "-o", rss.path, executable.path] + arguments
    } else {
      process.executableURL = executable
      process.arguments = arguments
    }
    let out = try FileHandle(forWritingTo: stdout)
    let err = try FileHandle(forWritingTo: stderr)
    process.standardOutput = out
    process.standardError = err
    let started = ContinuousClock.now
    try process.run()
    process.waitUntilExit()
    let elapsed = ContinuousClock.now - started
    try out.close()
    try err.close()
    // GNU time writes "Command exited with non-zero status N" before the figure.
    let peak = (try? String(contentsOf: rss, encoding: .utf8))?
      .split(separator: "\n").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    return Run(
      status: process.terminationStatus,
      stdout: try String(contentsOf: stdout, encoding: .utf8),
      stderr: try String(contentsOf: stderr, encoding: .utf8),
      seconds: Double(elapsed.components.seconds)
        + Double(elapsed.components.attoseconds) * 1e-18,
      maxRSSKiB: peak)
  }

  func importSet() throws -> Run {
    try run(["import", set.path, "--store", store, "--operator", "hostile-test"])
  }

  func weekly(classes: [String]) throws -> Run {
    try run(
      ["weekly", "--store", store, "--out", out.path, "--now", HostileInputTests.now, "--quiet"]
        + classes.flatMap { ["--class", $0] })
  }

  /// The ledger's rows (`ledger --json`).
  func ledger() throws -> [[String: Any]] {
    let listed = try run(["ledger", "--store", store, "--json"])
    #expect(listed.status == 0, "\(listed.stderr)")
    return try #require(
      try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
  }

  /// Entries directly in the case folder, to see that a run put nothing beside `out/`.
  func entries() throws -> Set<String> {
    Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
  }
}
