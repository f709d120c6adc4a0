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
  func importSet(into store: GradeStore, replace: Bool = false) throws -> ImportReport {
    try store.importSet(at: set, replace: replace, operatorName: "test", now: Self.now)
  }

  /// The problems of an import that must be refused.
  func problems(importing store: GradeStore, replace: Bool = false) throws -> [ImportProblem] {
    do {
      try importSet(into: store, replace: replace)
    } catch let StoreError.importRejected(problems, _) {
      return problems
    } catch {
      Issue.record("expected the import to be refused, got \(error)")
      return []
    }
    Issue.record("expected the import to be refused, but it succeeded")
    return []
  }

  static let now = Date(timeIntervalSince1970: 1_795_000_000)
}

/// Every row of every table, to show that a refused import changed nothing.
func snapshot(_ store: GradeStore) throws -> String {
  try DatabaseQueue(path: store.path).read { db in
    let tables = try String.fetchAll(
      db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    var text = ""
    for table in tables {
      text += "# \(table)\n"
      for row in try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\" ORDER BY 1, 2") {
        text += row.description + "\n"
      }
    }
    return text
  }
}
