import DiaryRules
import Foundation
import GRDB

extension ImportSession {
  /// Lessons, marks, attendance, final marks and exam results.
  func importResults(_ present: Set<String>) throws {
    if present.contains("lessons.csv") { try importLessons() }
    if present.contains("marks.csv") { try importMarks() }
    if present.contains("attendance.csv") { try importAttendance() }
    if present.contains("final_marks.csv") { try importFinalMarks() }
    if present.contains("exam_results.csv") { try importExamResults() }
  }

  /// About how many records a file holds, to size the duplicate check's table once instead of
  /// growing it through a dozen rehashes.
  private func expectedRows(_ file: String, bytesPerRow: Int) -> Int {
    min(Self.fileSize(directory.appendingPathComponent(file)) / bytesPerRow, 20_000_000)
  }

  /// The size of a file in bytes; 0 when it cannot be read (the CSV reader then reports why).
  static func fileSize(_ url: URL) -> Int {
    do {
      return try url.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0
    } catch {
      return 0
    }
  }

  /// A lesson number: a positive integer, or the next number for its key when the cell is empty
  /// (rows of the same key are numbered 1, 2, … in file order, §2).
  private func lessonNumber(
    _ row: ImportRow, key: LessonGroup, counters: inout [LessonGroup: Int]
  ) -> Int? {
    if let given = row["lesson_no"] {
      guard let number = ImportValueParser.integer(given), number >= 1, number <= 99 else {
        report(row, "lesson_no", "'\(Self.quote(given))' is not a lesson number (1, 2, …)")
        return nil
      }
      return number
    }
    let next = (counters[key] ?? 0) + 1
    counters[key] = next
    return next
  }

  private func importLessons() throws {
    let expected = expectedRows("lessons.csv", bytesPerRow: 30)
    var seen: [LessonSlot: Int] = Dictionary(minimumCapacity: expected)
    var counters: [LessonGroup: Int] = [:]
    let statement = try BulkStatement(
      db,
      sql: """
        INSERT INTO lessons (class_id, subject_id, date, lesson_no, import_id)
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (class_id, subject_id, date, lesson_no) DO UPDATE SET
          import_id = excluded.import_id
        """)
    try importFilePipelined(
      importTable("lessons.csv"),
      check: { [self] row -> LessonSlot? in
        let classID = reference(row, "class_id", table: "classes", file: "classes.csv")
        let subject = reference(row, "subject_id", table: "subjects", file: "subjects.csv")
        let day = date(row, "date")
        guard let classID, let subject, let day else { return nil }
        let group = LessonGroup(owner: classID, subject: subject, day: day)
        guard let number = lessonNumber(row, key: group, counters: &counters) else { return nil }
        let slot = LessonSlot(group: group, number: number)
        guard checkDuplicate(&seen, slot, row, column: "lesson_no", shown: slot.description),
          problems.isEmpty
        else { return nil }
        return slot
      },
      write: { slot in
        statement.bind(1, slot.group.owner)
        statement.bind(2, slot.group.subject)
        statement.bind(3, slot.group.day.iso)
        statement.bind(4, slot.number)
        statement.bind(5, importID)
        try statement.run(db)
      })
  }

  private func importMarks() throws {
    let bulk = Self.fileSize(directory.appendingPathComponent("marks.csv")) >= bulkMarksBytes
    // Dropped and rebuilt inside the import's transaction: a failure rolls both back.
    if bulk { try db.execute(sql: "DROP INDEX marks_by_student") }
    var seen: [String: Int] = Dictionary(
      minimumCapacity: expectedRows("marks.csv", bytesPerRow: 60))
    let marks = settings?.grading.marks
    let statement = try BulkStatement(
      db,
      sql: """
        INSERT INTO marks (mark_id, student_id, subject_id, date, kind_id, value, weight_e4,
          counted, entered_at, comment, import_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (mark_id) DO UPDATE SET student_id = excluded.student_id,
          subject_id = excluded.subject_id, date = excluded.date, kind_id = excluded.kind_id,
          value = excluded.value, weight_e4 = excluded.weight_e4, counted = excluded.counted,
          entered_at = excluded.entered_at, comment = excluded.comment,
          import_id = excluded.import_id
        """)
    try importFilePipelined(
      importTable("marks.csv"),
      check: { [self] row -> MarkRow? in
        let key = id(row, "mark_id")
        let student = reference(row, "student_id", table: "students", file: "students.csv")
        let subject = reference(row, "subject_id", table: "subjects", file: "subjects.csv")
        let day = date(row, "date")
        let kind = reference(row, "kind_id", table: "mark_kinds", file: "mark_kinds.csv")
        let weight = self.weight(row, "weight", required: false)
        let counted = yesNo(row, "counted", default: true)
        let entered = time(row, "entered_at")
        // A debt («.») is work due and not handed in: shown, never averaged.
        var value: Int?
        var valueOK = false
        if let text = text(row, "value") {
          if text == "." {
            valueOK = true
          } else if let mark = ImportValueParser.integer(text), marks?.contains(mark) ?? true {
            value = mark
            valueOK = true
          } else {
            let allowed = (marks ?? []).map(String.init).joined(separator: ", ")
            report(
              row, "value",
              "'\(Self.quote(text))' is not a mark of this school (\(allowed), or '.' for a debt)")
          }
        }
        guard let key, checkDuplicate(&seen, key, row, column: "mark_id", shown: key) else {
          return nil
        }
        guard let student, let subject, let day, let kind, valueOK, let counted,
          problems.isEmpty
        else { return nil }
        return MarkRow(
          key: key, student: student, subject: subject, date: day.iso, kind: kind, value: value,
          weight: weight, counted: counted, entered: entered, comment: row["comment"])
      },
      write: { mark in
        statement.bind(1, mark.key)
        statement.bind(2, mark.student)
        statement.bind(3, mark.subject)
        statement.bind(4, mark.date)
        statement.bind(5, mark.kind)
        statement.bind(6, mark.value)
        statement.bind(7, mark.weight)
        statement.bind(8, mark.counted)
        statement.bind(9, mark.entered)
        statement.bind(10, mark.comment)
        statement.bind(11, importID)
        try statement.run(db)
      })
    if bulk { try db.execute(sql: StoreMigrations.marksByStudentIndex) }
  }

  private func importAttendance() throws {
    let expected = expectedRows("attendance.csv", bytesPerRow: 35)
    var seen: [LessonSlot: Int] = Dictionary(minimumCapacity: expected)
    var counters: [LessonGroup: Int] = Dictionary(minimumCapacity: expected)
    let statement = try BulkStatement(
      db,
      sql: """
        INSERT INTO attendance (student_id, subject_id, date, lesson_no, code, import_id)
        VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (student_id, subject_id, date, lesson_no) DO UPDATE SET
          code = excluded.code, import_id = excluded.import_id
        """)
    try importFilePipelined(
      importTable("attendance.csv"),
      check: { [self] row -> (LessonSlot, AttendanceCode)? in
        let student = reference(row, "student_id", table: "students", file: "students.csv")
        let subject = reference(row, "subject_id", table: "subjects", file: "subjects.csv")
        let day = date(row, "date")
        var code: AttendanceCode?
        if let text = text(row, "code") {
          code = AttendanceCode(code: text)
          if code == nil {
            report(
              row, "code",
              "'\(Self.quote(text))' is not an attendance code (н, б, у, оп, осв; "
                + "НП, ОТ, Б, УП, ОП, ОСВ)")
          }
        }
        guard let student, let subject, let day else { return nil }
        let group = LessonGroup(owner: student, subject: subject, day: day)
        guard let number = lessonNumber(row, key: group, counters: &counters) else { return nil }
        let slot = LessonSlot(group: group, number: number)
        guard checkDuplicate(&seen, slot, row, column: "lesson_no", shown: slot.description),
          let code, problems.isEmpty
        else { return nil }
        return (slot, code)
      },
      write: { slot, code in
        statement.bind(1, slot.group.owner)
        statement.bind(2, slot.group.subject)
        statement.bind(3, slot.group.day.iso)
        statement.bind(4, slot.number)
        statement.bind(5, code.rawValue)
        statement.bind(6, importID)
        try statement.run(db)
      })
  }

  /// The values a final mark may take besides the school's numeric marks.
  static let finalMarkWords = ["н/а", "осв", "зач", "незач"]

  private func importFinalMarks() throws {
    var seen: [FinalMarkKey: Int] = Dictionary(
      minimumCapacity: expectedRows("final_marks.csv", bytesPerRow: 40))
    let marks = settings?.grading.marks
    // Without `recorded_at` (?5) a row is recorded by the import (?6) that brought or changed it.
    let statement = try BulkStatement(
      db,
      sql: """
        INSERT INTO final_marks (student_id, subject_id, period_id, value, recorded_at,
          import_id)
        VALUES (?1, ?2, ?3, ?4, COALESCE(?5, ?6), ?7)
        ON CONFLICT (student_id, subject_id, period_id) DO UPDATE SET
          recorded_at = CASE
            WHEN ?5 IS NOT NULL THEN ?5
            WHEN final_marks.value = excluded.value THEN final_marks.recorded_at
            ELSE ?6 END,
          value = excluded.value, import_id = excluded.import_id
        """)
    try importFilePipelined(
      importTable("final_marks.csv"),
      check: { [self] row -> (FinalMarkKey, String, String?)? in
        let student = reference(row, "student_id", table: "students", file: "students.csv")
        let subject = reference(row, "subject_id", table: "subjects", file: "subjects.csv")
        let period = reference(row, "period_id", table: "periods", file: "periods.csv")
        let recorded = time(row, "recorded_at")
        var value: String?
        if let text = text(row, "value") {
          let code = ImportValueParser.code(text)
          if let mark = ImportValueParser.integer(code), marks?.contains(mark) ?? true {
            value = String(mark)
          } else if Self.finalMarkWords.contains(code) {
            value = code
          } else {
            let allowed = (marks ?? []).map(String.init) + Self.finalMarkWords
            report(
              row, "value",
              "'\(Self.quote(text))' is not a final mark (\(allowed.joined(separator: ", ")))")
          }
        }
        guard let student, let subject, let period else { return nil }
        let key = FinalMarkKey(student: student, subject: subject, period: period)
        guard checkDuplicate(&seen, key, row, column: "period_id", shown: key.description),
          let value, problems.isEmpty
        else { return nil }
        return (key, value, recorded)
      },
      write: { [nowStamp, importID] key, value, recorded in
        statement.bind(1, key.student)
        statement.bind(2, key.subject)
        statement.bind(3, key.period)
        statement.bind(4, value)
        statement.bind(5, recorded)
        statement.bind(6, nowStamp)
        statement.bind(7, importID)
        try statement.run(db)
      })
  }

  private func importExamResults() throws {
    var seen: [String: Int] = [:]
    let marks = settings?.grading.marks
    let statement = try db.cachedStatement(
      sql: """
        INSERT INTO exam_results (result_id, student_id, exam, date, score, mark, recorded_at,
          import_id)
        VALUES (:id, :student, :exam, :date, :score, :mark, COALESCE(:given, :now), :import)
        ON CONFLICT (result_id) DO UPDATE SET student_id = excluded.student_id,
          exam = excluded.exam, date = excluded.date,
          recorded_at = CASE
            WHEN :given IS NOT NULL THEN :given
            WHEN exam_results.score IS excluded.score AND exam_results.mark IS excluded.mark
              THEN exam_results.recorded_at
            ELSE :now END,
          score = excluded.score, mark = excluded.mark, import_id = excluded.import_id
        """)
    try importFile(importTable("exam_results.csv")) { row in
      let key = id(row, "result_id")
      let student = reference(row, "student_id", table: "students", file: "students.csv")
      let exam = text(row, "exam")
      let day = date(row, "date")
      let recorded = time(row, "recorded_at")
      var score: String?
      if let text = row["score"] {
        if let (decimal, _) = ImportValueParser.decimal(text) {
          score = "\(decimal)"
        } else {
          report(row, "score", "'\(Self.quote(text))' is not a score (a number such as 78 or 4.5)")
        }
      }
      var mark: String?
      if let text = row["mark"] {
        let code = ImportValueParser.code(text)
        if let value = ImportValueParser.integer(code), marks?.contains(value) ?? true {
          mark = String(value)
        } else if ["зач", "незач"].contains(code) {
          mark = code
        } else {
          report(
            row, "mark", "'\(Self.quote(text))' is not a mark (a mark of the school, зач or незач)")
        }
      }
      guard let key, checkDuplicate(&seen, key, row, column: "result_id", shown: key) else {
        return
      }
      guard let student, let exam, let day, problems.isEmpty else { return }
      try statement.execute(
        arguments: [
          "id": key, "student": student, "exam": exam, "date": day.iso, "score": score,
          "mark": mark, "given": recorded, "now": nowStamp, "import": importID,
        ])
    }
  }
}

/// A class's (lessons) or a student's (attendance) subject on one day: the rows that are
/// numbered 1, 2, … when `lesson_no` is empty.
struct LessonGroup: Hashable {
  let owner: String
  let subject: String
  let day: LocalDate
}

/// One lesson of a group: the key of `lessons.csv` and `attendance.csv`.
struct LessonSlot: Hashable, CustomStringConvertible {
  let group: LessonGroup
  let number: Int

  var description: String { "\(group.owner), \(group.subject), \(group.day), \(number)" }
}

/// A checked row of `marks.csv`, on its way from the reading thread to the writing one.
struct MarkRow {
  let key: String
  let student: String
  let subject: String
  let date: String
  let kind: String
  let value: Int?
  let weight: Int64?
  let counted: Bool
  let entered: String?
  let comment: String?
}

/// The key of `final_marks.csv`.
struct FinalMarkKey: Hashable, CustomStringConvertible {
  let student: String
  let subject: String
  let period: String

  var description: String { "\(student), \(subject), \(period)" }
}
