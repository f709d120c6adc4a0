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
