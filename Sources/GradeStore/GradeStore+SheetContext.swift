import DiaryRules
import GRDB

extension GradeStore {
  /// The shared facts the sheets of `week` need, read once per run.
  public func sheetContext(for week: SchoolWeek) throws(StoreError) -> SheetContext {
    do {
      return try pool.read { db in
        var classes: [ClassID: SheetContext.ClassInfo] = [:]
        for row in try Row.fetchAll(
          db, sql: "SELECT class_id, name, grade, homeroom_teacher FROM classes")
        {
          classes[ClassID(row[0] as String)] = .init(
            name: row[1], grade: row[2], homeroomTeacher: row[3])
        }
        var students: [StudentID: PersonName] = [:]
        for row in try Row.fetchAll(
          db, sql: "SELECT student_id, last_name, first_name, middle_name FROM students")
        {
          students[StudentID(row[0] as String)] = PersonName(
            last: row[1], first: row[2], middle: row[3])
        }
        var guardians: [GuardianID: SheetContext.GuardianInfo] = [:]
        for row in try Row.fetchAll(
          db,
          sql: """
            SELECT guardian_id, last_name, first_name, middle_name, delivery, address
            FROM guardians
            """)
        {
          guardians[GuardianID(row[0] as String)] = .init(
            name: PersonName(last: row[1], first: row[2], middle: row[3]),
            delivery: Delivery(rawValue: row[4]) ?? .inPerson, address: row[5])
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
        return SheetContext(
          classes: classes, students: students, guardians: guardians, previousIssue: previous)
      }
    } catch { throw StoreError.wrap(error, "reading classes and people for the sheets") }
  }
}
