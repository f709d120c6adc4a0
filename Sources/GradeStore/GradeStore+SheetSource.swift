import DiaryRules
import GRDB

extension GradeStore {
  /// Reads sheet sources inside one read transaction, so that a whole batch sees one state of
  /// the store, with the lookups every student shares cached once.
  public func withSheetSources<T>(
    _ body: (SheetSourceReader) throws -> T
  ) throws(StoreError) -> T {
    do {
      return try pool.read { db in try body(SheetSourceReader(db: db)) }
    } catch { throw StoreError.wrap(error, "reading marks for the sheets") }
  }
}

/// Reads what one student's sheet needs (§3). Lives only inside `withSheetSources`.
public final class SheetSourceReader {
  private let db: Database
  private let periods: [ForecastPeriod]
  private let subjectOrder: [(id: SubjectID, name: String)]
  private var lessonsByClass: [ClassID: [SubjectID: [LocalDate]]?] = [:]

  init(db: Database) throws {
    self.db = db
    periods = try Row.fetchAll(
      db, sql: "SELECT period_id, name, start, \"end\", kind, grades FROM periods"
    ).compactMap { row in
      guard let start = LocalDate(iso: row[2] as String),
        let end = LocalDate(iso: row[3] as String),
        let kind = PeriodKind(rawValue: row[4])
      else { return nil }
      return ForecastPeriod(
        id: PeriodID(row[0] as String), name: row[1], start: start, end: end, kind: kind,
        grades: GradeSet(mask: UInt16(truncatingIfNeeded: row[5] as Int)))
    }
    subjectOrder = try Row.fetchAll(
      db, sql: "SELECT subject_id, name FROM subjects ORDER BY position, subject_id"
    ).map { (SubjectID($0[0] as String), $0[1] as String) }
  }

  /// The sheet source of `student` in class `classID` (grade `grade`) as of `asOf`.
  public func source(
    student: StudentID, classID: ClassID, grade: Int, asOf: LocalDate
  ) throws -> SheetSource {
    // Stored consents are valid: the import and `registry add` refuse any other (R2).
    let consent = try String.fetchOne(
      db,
      sql: """
        SELECT MIN(signed_on) FROM registry
        WHERE student_id = ? AND kind = 'student_consent' AND signed_on <= ?
        """, arguments: [student.rawValue, asOf.iso]
    ).flatMap { LocalDate(iso: $0) }
    guard let period = ForecastPeriod.choose(grade: grade, asOf: asOf, among: periods) else {
      return SheetSource(
        student: student, grade: grade, period: nil, subjects: [], consentSince: consent)
    }
    let (from, to) = (period.start.iso, period.end.iso)
    var marks: [SubjectID: [SheetSource.Mark]] = [:]
    let markRows = try Row.fetchCursor(
      db,
      sql: """
        SELECT m.subject_id, m.date, m.value, COALESCE(m.weight_e4, k.weight_e4), m.counted,
          m.entered_at, m.comment, k.name
        FROM marks m JOIN mark_kinds k ON k.kind_id = m.kind_id
        WHERE m.student_id = ? AND m.date BETWEEN ? AND ?
        ORDER BY m.date, m.mark_id
        """, arguments: [student.rawValue, from, to])
    while let row = try markRows.next() {
      guard let date = LocalDate(iso: row[1] as String) else { continue }
      marks[SubjectID(row[0] as String), default: []].append(
        SheetSource.Mark(
          value: row[2], weightE4: row[3], counted: row[4], date: date, enteredAt: row[5],
          comment: row[6], kindName: row[7]))
    }
    var attendance: [SubjectID: [ForecastInput.Attendance]] = [:]
    let attendanceRows = try Row.fetchCursor(
      db,
      sql: """
        SELECT subject_id, date, code FROM attendance
        WHERE student_id = ? AND date BETWEEN ? AND ? ORDER BY date, lesson_no
        """, arguments: [student.rawValue, from, to])
    while let row = try attendanceRows.next() {
      guard let date = LocalDate(iso: row[1] as String), let code = AttendanceCode(code: row[2])
      else { continue }
      attendance[SubjectID(row[0] as String), default: []].append(
        ForecastInput.Attendance(date: date, code: code))
    }
    var finals: [SubjectID: String] = [:]
    for row in try Row.fetchAll(
      db, sql: "SELECT subject_id, value FROM final_marks WHERE student_id = ? AND period_id = ?",
      arguments: [student.rawValue, period.id.rawValue])
    {
      finals[SubjectID(row[0] as String)] = row[1]
    }
    let lessons = try lessonDates(of: classID, in: period)
    var subjects: [SheetSource.Subject] = []
    for (id, name) in subjectOrder {
      let own =
        (marks[id] ?? []).contains { $0.date <= asOf }
        || (attendance[id] ?? []).contains { $0.date <= asOf }
      let classLessons = lessons.map { $0[id] ?? [] }
      guard own || !(classLessons ?? []).isEmpty else { continue }
      subjects.append(
        SheetSource.Subject(
          id: id, name: name, marks: marks[id] ?? [], attendance: attendance[id] ?? [],
          lessonDates: classLessons, finalMark: finals[id]))
    }
    return SheetSource(
      student: student, grade: grade, period: period, subjects: subjects, consentSince: consent)
  }

  /// The class's lesson dates per subject within `period`; nil when the store holds no lessons
  /// at all for the class. Cached: every student of a class shares them.
  private func lessonDates(
    of classID: ClassID, in period: ForecastPeriod
  ) throws -> [SubjectID: [LocalDate]]? {
    if let cached = lessonsByClass[classID] { return cached }
    let any =
      try Bool.fetchOne(
        db, sql: "SELECT EXISTS (SELECT 1 FROM lessons WHERE class_id = ?)",
        arguments: [classID.rawValue]) ?? false
    var result: [SubjectID: [LocalDate]]?
    if any {
      var dates: [SubjectID: [LocalDate]] = [:]
      let rows = try Row.fetchCursor(
        db,
        sql: """
          SELECT subject_id, date FROM lessons
          WHERE class_id = ? AND date BETWEEN ? AND ? ORDER BY date, lesson_no
          """, arguments: [classID.rawValue, period.start.iso, period.end.iso])
      while let row = try rows.next() {
        if let date = LocalDate(iso: row[1] as String) {
          dates[SubjectID(row[0] as String), default: []].append(date)
        }
      }
      result = dates
    }
    lessonsByClass[classID] = .some(result)
    return result
  }
}
