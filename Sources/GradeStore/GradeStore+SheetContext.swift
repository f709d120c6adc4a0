import DiaryRules
import GRDB

extension GradeStore {
  /// The shared facts the sheets of `week` need, read once per batch.
  public func sheetContext(for week: SchoolWeek) throws(StoreError) -> SheetContext {
    do {
      return try pool.read { db in
        var classes: [ClassID: SheetContext.ClassInfo] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT class_id, name, homeroom_teacher FROM classes")
        {
          classes[ClassID(row[0] as String)] = .init(name: row[1], homeroomTeacher: row[2])
        }
        var addresses: [GuardianID: String] = [:]
        for row in try Row.fetchAll(
          db, sql: "SELECT guardian_id, address FROM guardians WHERE address IS NOT NULL")
        {
          addresses[GuardianID(row[0] as String)] = row[1]
        }
        var previous: [RecipientKey: String] = [:]
        for row in try Row.fetchAll(
          db,
          sql: """
            SELECT guardian_id, student_id, MAX(created_at) FROM ledger
            WHERE kind IN ('weekly', 'reissue') AND week < ?
            GROUP BY guardian_id, student_id
            """, arguments: [week.description])
        {
          previous[
            RecipientKey(
              guardian: GuardianID(row[0] as String), student: StudentID(row[1] as String))
          ] = row[2]
        }
        return SheetContext(classes: classes, addresses: addresses, previousIssue: previous)
      }
    } catch { throw StoreError.wrap(error, "reading classes and guardians for the sheets") }
  }
}
