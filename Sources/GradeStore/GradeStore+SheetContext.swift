import DiaryRules
import GRDB

extension GradeStore {
  /// The shared facts the sheets of `week` need, read once per run; only those of `student`'s
  /// guardians when one is given (a teacher's single sheet need not read the whole school).
  public func sheetContext(for week: SchoolWeek, student: StudentID? = nil) throws(StoreError)
    -> SheetContext
  {
    do {
      return try pool.read { db in
        var classes: [ClassID: SheetContext.ClassInfo] = [:]
        for row in try Row.fetchAll(
          db, sql: "SELECT class_id, name, grade, homeroom_teacher FROM classes")
        {
          classes[ClassID(row[0] as String)] = .init(
            name: row[1], grade: row[2], homeroomTeacher: row[3])
        }
        var addresses: [GuardianID: String] = [:]
        for row in try Row.fetchAll(
          db,
          sql: """
            SELECT guardian_id, address FROM guardians
            WHERE address IS NOT NULL AND (?1 IS NULL OR guardian_id IN (
              SELECT guardian_id FROM student_guardians WHERE student_id = ?1))
            """, arguments: [student?.rawValue])
        {
          addresses[GuardianID(row[0] as String)] = row[1]
        }
        var previous: [RecipientKey: String] = [:]
        for row in try Row.fetchAll(
          db,
          sql: """
            SELECT guardian_id, student_id, MAX(created_at) FROM ledger
            WHERE kind IN ('weekly', 'reissue') AND week < ?1
              AND (?2 IS NULL OR student_id = ?2)
            GROUP BY guardian_id, student_id
            """, arguments: [week.description, student?.rawValue])
        {
          previous[
            RecipientKey(
              guardian: GuardianID(row[0] as String), student: StudentID(row[1] as String))
          ] = row[2]
        }
        return SheetContext(classes: classes, addresses: addresses, previousIssue: previous)
      }
    } catch { throw StoreError.wrap(error, "reading classes and addresses for the sheets") }
  }
}
