import Foundation
import GRDB
import Testing

@testable import GradeStore

/// The small valid import set under `Fixtures/good`, copied into a temporary folder so that a
/// test can give it exactly one defect.
struct ImportFixture {
  static let source = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/good")

  let folder: TemporaryFolder
  let set: URL
  let storePath: String

  init() throws {
    folder = try TemporaryFolder()
    set = folder.url.appendingPathComponent("set")
    try FileManager.default.copyItem(at: Self.source, to: set)
    storePath = folder.path("store.sqlite")
  }

  func url(_ file: String) -> URL { set.appendingPathComponent(file) }

  func read(_ file: String) throws -> String { try String(contentsOf: url(file), encoding: .utf8) }

  func write(_ file: String, _ text: String) throws {
    try Data(text.utf8).write(to: url(file))
  }

  /// Replaces the first occurrence of `old` in `file`; the test fails when it is not there.
  func edit(_ file: String, _ old: String, _ new: String) throws {
    let text = try read(file)
    let range = try #require(text.range(of: old), "'\(old)' not in \(file)")
    try write(file, text.replacingCharacters(in: range, with: new))
  }

  func append(_ file: String, _ line: String) throws {
    try write(file, try read(file) + line + "\n")
  }

  func makeStore() throws -> GradeStore { try GradeStore.create(path: storePath) }

  @discardableResult
  func importSet(
    into store: GradeStore, replace: Bool = false, now: Date = Self.now
  ) throws -> ImportReport {
    try store.importSet(at: set, replace: replace, operatorName: "test", now: now)
  }

  /// The problems of an import that must be refused.
  func problems(importing store: GradeStore, replace: Bool = false) throws -> [ImportProblem] {
    try refusal(importing: store, replace: replace).problems
  }

  /// The problems kept (at most 50) and their total, for an import that must be refused.
  func refusal(
    importing store: GradeStore, replace: Bool = false
  ) throws -> (problems: [ImportProblem], total: Int) {
    do {
      try importSet(into: store, replace: replace)
    } catch let StoreError.importRejected(problems, total) {
      return (problems, total)
    } catch {
      Issue.record("expected the import to be refused, got \(error)")
      return ([], 0)
    }
    Issue.record("expected the import to be refused, but it succeeded")
    return ([], 0)
  }

  // MARK: - Whole files

  func remove(_ file: String) throws { try FileManager.default.removeItem(at: url(file)) }

  /// Keeps only `files` in the set, as a later import that brings a subset would.
  func keepOnly(_ files: Set<String>) throws {
    for name in try FileManager.default.contentsOfDirectory(atPath: set.path)
    where !files.contains(name) {
      try remove(name)
    }
  }

  /// The header and records of `file`, read by the importer's own CSV reader.
  func table(_ file: String) throws -> (header: [String], rows: [[String]]) {
    let csv = try CSVFile(url: url(file), name: file)
    var rows: [[String]] = []
    try csv.forEachRecord { rows.append($0.fields) }
    return (csv.header, rows)
  }

  /// Writes `file` as RFC 4180 with `delimiter`, quoting only the fields that need it.
  func writeTable(
    _ file: String, header: [String], rows: [[String]], delimiter: Character = ","
  ) throws {
    let lines = ([header] + rows).map { fields in
      fields.map { Self.quoted($0, delimiter) }.joined(separator: String(delimiter))
    }
    try write(file, lines.joined(separator: "\n") + "\n")
  }

  /// Reads `file`, lets `change` edit its header and rows, and writes it back.
  func rewrite(
    _ file: String, delimiter: Character = ",",
    _ change: (inout [String], inout [[String]]) throws -> Void = { _, _ in }
  ) throws {
    var (header, rows) = try table(file)
    try change(&header, &rows)
    try writeTable(file, header: header, rows: rows, delimiter: delimiter)
  }

  /// Drops `column` from the header and from every record of `file`.
  func removeColumn(_ file: String, _ column: String) throws {
    try rewrite(file) { header, rows in
      let index = try #require(header.firstIndex(of: column), "no column \(column) in \(file)")
      header.remove(at: index)
      for i in rows.indices { rows[i].remove(at: index) }
    }
  }

  static func quoted(_ field: String, _ delimiter: Character) -> String {
    guard field.contains(delimiter) || field.contains("\"") || field.contains("\n") else {
      return field
    }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  // MARK: - Encodings

  /// Saves `file` as UTF-8 with a byte order mark, as Notepad and some exports do.
  func saveWithBOM(_ file: String) throws {
    try Data([0xEF, 0xBB, 0xBF] + Array(try read(file).utf8)).write(to: url(file))
  }

  /// Saves `file` as Windows-1251, as Russian Excel does.
  func saveAsWindows1251(_ file: String) throws {
    var bytes: [UInt8] = []
    for scalar in try read(file).unicodeScalars {
      if scalar.value < 0x80 {
        bytes.append(UInt8(scalar.value))
      } else {
        let byte = try #require(
          Self.windows1251[scalar.value], "\(scalar) has no Windows-1251 byte")
        bytes.append(byte)
      }
    }
    try Data(bytes).write(to: url(file))
  }

  /// Unicode scalar to Windows-1251 byte, the inverse of the importer's table.
  static let windows1251: [UInt32: UInt8] = Dictionary(
    uniqueKeysWithValues: CSVFile.windows1251High.enumerated().compactMap { offset, scalar in
      scalar == 0 ? nil : (UInt32(scalar), UInt8(0x80 + offset))
    })

  static let now = Date(timeIntervalSince1970: 1_795_000_000)
}

/// Every row of every table, to show that a refused import changed nothing; `excluding` leaves
/// tables out (the import log names the set's folder, which differs between two fixtures).
func snapshot(_ store: GradeStore, excluding: Set<String> = []) throws -> String {
  try DatabaseQueue(path: store.path).read { db in
    let tables = try String.fetchAll(
      db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    var text = ""
    for table in tables where !excluding.contains(table) {
      text += "# \(table)\n"
      let columns = try db.columns(in: table).indices.map { String($0 + 1) }
      let order = columns.joined(separator: ", ")
      for row in try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\" ORDER BY \(order)") {
        text += row.description + "\n"
      }
    }
    return text
  }
}
