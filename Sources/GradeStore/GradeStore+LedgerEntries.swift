import DiaryRules
import Foundation
import GRDB

extension GradeStore {
  /// The ledger's rows in creation order, of one week and/or one student, or all (R9: who got
  /// what, when, from which data).
  public func ledgerEntries(
    week: SchoolWeek? = nil, student: StudentID? = nil
  ) throws(StoreError) -> [LedgerEntry] {
    do {
      let rows = try pool.read { db in
        try Row.fetchAll(
          db,
          sql: """
            SELECT issue_id, kind, guardian_id, student_id, class_id, week, replaces, reason,
              operator, created_at, as_of, import_id, file, sha256
            FROM ledger
            WHERE (?1 IS NULL OR week = ?1) AND (?2 IS NULL OR student_id = ?2)
            ORDER BY seq
            """, arguments: [week?.description, student?.rawValue])
      }
      return try rows.map { (row) throws(StoreError) in try Self.ledgerEntry(row) }
    } catch { throw StoreError.wrap(error, "reading the ledger") }
  }

  /// The issue ids the ledger holds for `week` (every issue's file is `<issue_id>.pdf`): what
  /// a run under the week's lock keeps when it clears what a dead run left. One short column,
  /// so a week of any size is read in a few milliseconds.
  public func recordedIssueIDs(week: SchoolWeek) throws(StoreError) -> Set<String> {
    do {
      return try pool.read { db in
        var ids: Set<String> = []
        let cursor = try String.fetchCursor(
          db, sql: "SELECT issue_id FROM ledger WHERE week = ?", arguments: [week.description])
        while let id = try cursor.next() { ids.insert(id) }
        return ids
      }
    } catch { throw StoreError.wrap(error, "reading the ledger's issues of \(week)") }
  }

  private static func ledgerEntry(_ row: Row) throws(StoreError) -> LedgerEntry {
    let kindText: String = row["kind"]
    guard let kind = LedgerEntry.Kind(rawValue: kindText) else {
      throw .database(context: "reading the ledger", underlying: "unknown kind '\(kindText)'")
    }
    let weekText: String? = row["week"]
    let asOfText: String? = row["as_of"]
    var asOf: LocalDate?
    if let asOfText {
      guard let date = LocalDate(iso: asOfText) else {
        throw .database(
          context: "reading the ledger", underlying: "as_of '\(asOfText)' is not a date")
      }
      asOf = date
    }
    return LedgerEntry(
      issueID: row["issue_id"], kind: kind, guardian: GuardianID(row["guardian_id"] as String),
      student: StudentID(row["student_id"] as String), classID: ClassID(row["class_id"] as String),
      week: try weekText.map { (text) throws(StoreError) in try week(text) },
      replaces: row["replaces"], reason: row["reason"], operatorName: row["operator"],
      createdAt: try instant(row["created_at"], "ledger"), asOf: asOf,
      importID: row["import_id"], file: row["file"], sha256: row["sha256"])
  }
}
