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
        // One student's rows are asked for by id: a bound `? IS NULL OR …` would keep SQLite
        // from its indexes and read the whole ledger (~30 ms at 10 000 students a week).
        let guardiansOfStudent =
          student == nil
          ? ""
          : " AND guardian_id IN (SELECT guardian_id FROM student_guardians WHERE student_id = ?)"
        let ofStudent = student == nil ? "" : " AND student_id = ?"
        let studentArgument: StatementArguments = student.map { [$0.rawValue] } ?? []
        var addresses: [GuardianID: String] = [:]
        for row in try Row.fetchAll(
          db,
          sql: "SELECT guardian_id, address FROM guardians WHERE address IS NOT NULL"
            + guardiansOfStudent, arguments: studentArgument)
        {
          addresses[GuardianID(row[0] as String)] = row[1]
        }
        var previous: [RecipientKey: String] = [:]
        for row in try Row.fetchAll(
          db,
          sql: """
            SELECT guardian_id, student_id, MAX(created_at) FROM ledger
            WHERE kind IN ('weekly', 'reissue') AND week < ?\(ofStudent)
            GROUP BY guardian_id, student_id
            """, arguments: [week.description] + studentArgument)
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
