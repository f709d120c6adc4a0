import Foundation
import GRDB
import Testing

@testable import GradeStore

@Suite("Importing a valid set")
struct ImportTests {
  @Test func importsTheGoodSetInOneGo() throws {
    let fixture = try ImportFixture()
    let store = try fixture.makeStore()
    let report = try fixture.importSet(into: store)
    let counts = Dictionary(uniqueKeysWithValues: report.files.map { ($0.file, $0) })
    #expect(counts["students.csv"]?.rows == 5)
    #expect(counts["marks.csv"]?.new == 6)
    #expect(counts["registry.csv"]?.rows == 7)
    let rows = try DatabaseQueue(path: store.path).read { db in
      try Row.fetchAll(db, sql: "SELECT value, weight_e4, counted FROM marks ORDER BY mark_id")
    }
    #expect(rows.count == 6)
  }
}

@Suite("Importing a large marks.csv")
struct BulkImportTests {
  /// The bulk path (index rebuilt after the marks) must leave the same store as the row path.
  @Test func bulkPathKeepsTheIndexAndTheRows() throws {
    let fixture = try ImportFixture()
    let store = try fixture.makeStore()
    try store.importSet(
      at: fixture.set, operatorName: "test", now: ImportFixture.now, bulkMarksBytes: 0)
    let (marks, index) = try DatabaseQueue(path: store.path).read { db in
      (
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM marks") ?? 0,
        try String.fetchOne(
          db, sql: "SELECT sql FROM sqlite_master WHERE name = 'marks_by_student'")
      )
    }
    #expect(marks == 6)
    #expect(index?.contains("(student_id, subject_id, date)") == true)
  }
}
