import DiaryRules
import Foundation
import GRDB

/// What `status` reads (R3, R6), mapped to DiaryRules values at the store's boundary.
extension GradeStore {
  /// The week of the first weekly issue in the ledger: where the cadence starts when
  /// `school.toml` sets no `paper_since` (R3). Nil before the first weekly issue.
  public func firstWeeklyIssueWeek() throws(StoreError) -> SchoolWeek? {
    do {
      // `YYYY-Www` sorts as it compares, so the smallest text is the earliest week.
      let text = try pool.read { db in
        try String.fetchOne(db, sql: "SELECT MIN(week) FROM ledger WHERE kind = 'weekly'")
      }
      return try text.map { (text) throws(StoreError) in try Self.week(text) }
    } catch { throw StoreError.wrap(error, "reading the first weekly issue") }
  }

  /// Every weekly issue in the ledger as the owed sheet it meets, of one week or of all.
  public func issuedWeeklySheets(week: SchoolWeek? = nil) throws(StoreError) -> Set<OwedSheet> {
    do {
      let rows = try pool.read { db in
        try Row.fetchAll(
          db,
          sql: """
            SELECT guardian_id, student_id, week FROM ledger
            WHERE kind = 'weekly' AND (?1 IS NULL OR week = ?1)
            """, arguments: [week?.description])
      }
      var issued: Set<OwedSheet> = []
      for row in rows {
        issued.insert(
          OwedSheet(
            guardian: GuardianID(row[0] as String), student: StudentID(row[1] as String),
            week: try Self.week(row[2])))
      }
      return issued
    } catch { throw StoreError.wrap(error, "reading the weekly issues") }
  }

  /// Every final mark and exam result with its `recorded_at` (R6).
  ///
  /// A final mark's key is `<subject_id>/<period_id>` and its value the mark as imported; an
  /// exam result's key is its `result_id` and its value `<mark>|<score>` (either may be empty),
  /// so that a changed score is a change too. A notice records these same keys and values in
  /// `notice_items`.
  public func finalResults() throws(StoreError) -> [FinalResult] {
    do {
      return try pool.read { db in
        var results: [FinalResult] = []
        let finals = try Row.fetchCursor(
          db,
          sql: """
            SELECT student_id, subject_id, period_id, value, recorded_at FROM final_marks
            ORDER BY recorded_at, student_id, subject_id, period_id
            """)
        while let row = try finals.next() {
          let subject: String = row[1]
          let period: String = row[2]
          results.append(
            FinalResult(
              kind: .final, key: subject + "/" + period, student: StudentID(row[0] as String),
              value: row[3], recordedAt: try Self.instant(row[4], "final_marks")))
        }
        let exams = try Row.fetchCursor(
          db,
          sql: """
            SELECT result_id, student_id, mark, score, recorded_at FROM exam_results
            ORDER BY recorded_at, result_id
            """)
        while let row = try exams.next() {
          let mark: String? = row[2]
          let score: String? = row[3]
          results.append(
            FinalResult(
              kind: .exam, key: row[0], student: StudentID(row[1] as String),
              value: (mark ?? "") + "|" + (score ?? ""),
              recordedAt: try Self.instant(row[4], "exam_results")))
        }
        return results
      }
    } catch { throw StoreError.wrap(error, "reading final marks and exam results") }
  }

  /// What every issued notice covered, in ledger order (R6).
  public func noticeCoverage() throws(StoreError) -> [NoticeCoverage] {
    do {
      return try pool.read { db in
        var coverage: [NoticeCoverage] = []
        let rows = try Row.fetchCursor(
          db,
          sql: """
            SELECT l.guardian_id, l.student_id, n.kind, n.item_key, n.value, n.recorded_at
            FROM notice_items n JOIN ledger l ON l.issue_id = n.issue_id
            ORDER BY l.seq, n.kind, n.item_key
            """)
        while let row = try rows.next() {
          let kindText: String = row[2]
          guard let kind = FinalResult.Kind(rawValue: kindText) else {
            throw StoreError.database(
              context: "reading notice_items", underlying: "unknown kind '\(kindText)'")
          }
          coverage.append(
            NoticeCoverage(
              guardian: GuardianID(row[0] as String), student: StudentID(row[1] as String),
              kind: kind, key: row[3], value: row[4],
              recordedAt: try Self.instant(row[5], "notice_items")))
        }
        return coverage
      }
    } catch { throw StoreError.wrap(error, "reading what the notices covered") }
  }

  // MARK: - Columns

  /// A `week` column: the store writes only `YYYY-Www`, so anything else is damage.
  static func week(_ text: String) throws(StoreError) -> SchoolWeek {
    guard let week = SchoolWeek(text) else {
      throw .database(context: "reading the ledger", underlying: "'\(text)' is not an ISO week")
    }
    return week
  }

  /// An instant column (`YYYY-MM-DDTHH:MM:SSZ`); anything else is damage.
  static func instant(_ text: String, _ table: String) throws(StoreError) -> Date {
    guard let date = Instant.parse(text) else {
      throw .database(context: "reading \(table)", underlying: "'\(text)' is not a UTC time")
    }
    return date
  }
}
