import DiaryRules
import GRDB

extension GradeStore {
  /// The weekly issues already in the ledger for `week`, by (guardian, student): R3 allows one.
  public func weeklyIssues(in week: SchoolWeek) throws(StoreError) -> [RecipientKey: String] {
    do {
      return try pool.read { db in
        var issued: [RecipientKey: String] = [:]
        for row in try Row.fetchAll(
          db,
          sql: """
            SELECT guardian_id, student_id, issue_id FROM ledger
            WHERE week = ? AND kind = 'weekly'
            """, arguments: [week.description])
        {
          issued[
            RecipientKey(
              guardian: GuardianID(row[0] as String), student: StudentID(row[1] as String))] =
            row[2]
        }
        return issued
      }
    } catch { throw StoreError.wrap(error, "reading the ledger of \(week)") }
  }

  /// The file of one of `week`'s issues, any one: they all lie in the week's folder. Nil while
  /// the week has none.
  public func anyIssuedFile(week: SchoolWeek) throws(StoreError) -> String? {
    do {
      return try pool.read { db in
        try String.fetchOne(
          db, sql: "SELECT file FROM ledger WHERE week = ? LIMIT 1",
          arguments: [week.description])
      }
    } catch { throw StoreError.wrap(error, "reading where \(week) was issued") }
  }
}

/// A (guardian, student) pair as a dictionary key.
public struct RecipientKey: Hashable, Sendable {
  public let guardian: GuardianID
  public let student: StudentID

  public init(guardian: GuardianID, student: StudentID) {
    self.guardian = guardian
    self.student = student
  }
}
