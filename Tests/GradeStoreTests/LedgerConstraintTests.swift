import Foundation
import GRDB
import Testing

@testable import GradeStore

/// R3 and R4 held by the store itself: whatever a program does, the ledger cannot hold two
/// weekly issues for one (guardian, student, week), a reissue without what it replaces and why,
/// or a changed or deleted row.
@Suite("The ledger's own rules")
struct LedgerConstraintTests {
  static func insert(
    _ db: Database, id: String, kind: String, week: String?, replaces: String? = nil,
    reason: String? = nil, guardian: String = "g1", student: String = "s1"
  ) throws {
    try db.execute(
      sql: """
        INSERT INTO ledger (issue_id, kind, guardian_id, student_id, class_id, week, replaces,
          reason, operator, created_at, as_of, file, sha256)
        VALUES (?, ?, ?, ?, 'c07b', ?, ?, ?, 'office', '2026-11-27T10:00:00Z', '2026-11-27',
          '/out/x.pdf', 'ab')
        """, arguments: [id, kind, guardian, student, week, replaces, reason])
  }

  static func store() throws -> (ImportFixture, DatabaseQueue) {
    let fixture = try ImportFixture()
    try fixture.importSet(into: try fixture.makeStore())
    return (fixture, try DatabaseQueue(path: fixture.storePath))
  }

  @Test("every commit of the store syncs its WAL (synchronous = FULL on the writer)")
  func commitsAreDurable() throws {
    let fixture = try ImportFixture()
    let store = try fixture.makeStore()
    let level = try store.pool.writeWithoutTransaction { db in
      try Int.fetchOne(db, sql: "PRAGMA synchronous")
    }
    #expect(level == 2)
    #expect(
      try store.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
  }

  @Test func aSecondWeeklyIssueForTheSamePairAndWeekIsImpossible() throws {
    let (_, queue) = try Self.store()
    try queue.write { db in
      try Self.insert(db, id: "2026-W48-00001", kind: "weekly", week: "2026-W48")
      // Another guardian of the same student, and the same pair next week, are fine.
      try Self.insert(db, id: "2026-W48-00002", kind: "weekly", week: "2026-W48", guardian: "g2")
      try Self.insert(db, id: "2026-W49-00001", kind: "weekly", week: "2026-W49")
    }
    #expect(throws: DatabaseError.self) {
      try queue.write { db in
        try Self.insert(db, id: "2026-W48-00003", kind: "weekly", week: "2026-W48")
      }
    }
  }

  @Test func aReissueNamesWhatItReplacesAndWhy() throws {
    let (_, queue) = try Self.store()
    try queue.write { db in
      try Self.insert(db, id: "2026-W48-00001", kind: "weekly", week: "2026-W48")
      try Self.insert(
        db, id: "2026-W48-00002", kind: "reissue", week: "2026-W48", replaces: "2026-W48-00001",
        reason: "оценка исправлена")
    }
    #expect(throws: DatabaseError.self) {
      try queue.write { db in
        try Self.insert(
          db, id: "2026-W48-00003", kind: "reissue", week: "2026-W48", reason: "потерян")
      }
    }
    #expect(throws: DatabaseError.self) {
      try queue.write { db in
        try Self.insert(
          db, id: "2026-W48-00004", kind: "reissue", week: "2026-W48",
          replaces: "2026-W48-00001")
      }
    }
  }

  @Test func noticesHaveNoWeekAndRowsNeverChange() throws {
    let (_, queue) = try Self.store()
    #expect(throws: DatabaseError.self) {
      try queue.write { db in try Self.insert(db, id: "N-000001", kind: "notice", week: "2026-W48")
      }
    }
    try queue.write { db in try Self.insert(db, id: "N-000002", kind: "notice", week: nil) }
    #expect(throws: DatabaseError.self) {
      try queue.write { db in try db.execute(sql: "UPDATE ledger SET sha256 = 'cd'") }
    }
    #expect(throws: DatabaseError.self) {
      try queue.write { db in try db.execute(sql: "DELETE FROM ledger") }
    }
  }
}
