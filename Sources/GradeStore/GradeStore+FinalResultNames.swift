import DiaryRules
import GRDB

extension GradeStore {
  /// The names a notice prints for `results` (R6): every subject and period, and the exam
  /// results among `results`.
  public func finalResultNames(for results: [FinalResult]) throws(StoreError) -> FinalResultNames {
    let wanted = Set(results.filter { $0.kind == .exam }.map(\.key))
    do {
      return try pool.read { db in
        var subjects: [SubjectID: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT subject_id, name FROM subjects") {
          subjects[SubjectID(row[0] as String)] = row[1]
        }
        var periods: [PeriodID: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT period_id, name FROM periods") {
          periods[PeriodID(row[0] as String)] = row[1]
        }
        var exams: [ExamResultID: FinalResultNames.Exam] = [:]
        let statement = try db.cachedStatement(
          sql: "SELECT exam, date, score, mark FROM exam_results WHERE result_id = ?")
        for key in wanted.sorted() {
          guard let row = try Row.fetchOne(statement, arguments: [key]) else { continue }
          let dateText: String = row[1]
          guard let date = LocalDate(iso: dateText) else {
            throw StoreError.database(
              context: "reading exam result '\(key)'", underlying: "'\(dateText)' is not a date")
          }
          exams[ExamResultID(key)] = FinalResultNames.Exam(
            name: row[0], date: date, score: row[2], mark: row[3])
        }
        return FinalResultNames(subjects: subjects, periods: periods, exams: exams)
      }
    } catch { throw StoreError.wrap(error, "reading the names of final results") }
  }
}
