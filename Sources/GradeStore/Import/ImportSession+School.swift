import DiaryRules
import GRDB

extension ImportSession {
  /// Classes, subjects, kinds of mark, periods, holidays and extra study days.
  func importCalendar(_ present: Set<String>) throws {
    try startKnownIDs("classes", key: "class_id", fileInSet: present.contains("classes.csv"))
    try startKnownIDs("subjects", key: "subject_id", fileInSet: present.contains("subjects.csv"))
    try startKnownIDs("mark_kinds", key: "kind_id", fileInSet: present.contains("mark_kinds.csv"))
    try startKnownIDs("periods", key: "period_id", fileInSet: present.contains("periods.csv"))
    if present.contains("classes.csv") { try importClasses() }
    if present.contains("subjects.csv") { try importSubjects() }
    if present.contains("mark_kinds.csv") { try importMarkKinds() }
    if present.contains("periods.csv") { try importPeriods() }
    if present.contains("holidays.csv") { try importHolidays() }
    if present.contains("study_dates.csv") { try importStudyDates() }
  }

  private func importClasses() throws {
    var seen: [String: Int] = [:]
    let statement = try db.cachedStatement(
      sql: """
        INSERT INTO classes (class_id, name, grade, homeroom_teacher, import_id)
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (class_id) DO UPDATE SET name = excluded.name, grade = excluded.grade,
          homeroom_teacher = excluded.homeroom_teacher, import_id = excluded.import_id
        """)
    try importFile(importTable("classes.csv")) { row in
      let key = id(row, "class_id")
      let name = text(row, "name")
      let teacher = text(row, "homeroom_teacher")
      var grade: Int?
      if let given = row["grade"] {
        grade = ImportValueParser.integer(given)
        if grade.map({ !GradeSet.validGrades.contains($0) }) ?? true {
          report(row, "grade", "'\(Self.quote(given))' is not a grade from 1 to 11")
          grade = nil
        }
      } else if let name {
        grade = Int(String(name.prefix { $0.isASCII && $0.isNumber }))
        if grade.map({ !GradeSet.validGrades.contains($0) }) ?? true {
          report(
            row, "grade",
            "missing, and the name '\(Self.quote(name))' does not start with a grade 1–11")
          grade = nil
        }
      }
      guard let key, checkDuplicate(&seen, key, row, column: "class_id", shown: key) else {
        return
      }
      known["classes", default: []].insert(key)
      guard let name, let teacher, let grade, problems.isEmpty else { return }
      try statement.execute(arguments: [key, name, grade, teacher, importID])
    }
  }

  private func importSubjects() throws {
    var seen: [String: Int] = [:]
    var position = 0
    let statement = try db.cachedStatement(
      sql: """
        INSERT INTO subjects (subject_id, name, position, import_id) VALUES (?, ?, ?, ?)
        ON CONFLICT (subject_id) DO UPDATE SET name = excluded.name,
          position = excluded.position, import_id = excluded.import_id
        """)
    try importFile(importTable("subjects.csv")) { row in
      let key = id(row, "subject_id")
      let name = text(row, "name")
      guard let key, checkDuplicate(&seen, key, row, column: "subject_id", shown: key) else {
        return
      }
      known["subjects", default: []].insert(key)
      position += 1
      guard let name, problems.isEmpty else { return }
      try statement.execute(arguments: [key, name, position, importID])
    }
    // Subjects this file leaves out keep their earlier order, after the ones it lists.
    try db.execute(
      sql: "UPDATE subjects SET position = position + ? WHERE import_id <> ?",
      arguments: [position + 1, importID])
  }

  private func importMarkKinds() throws {
    var seen: [String: Int] = [:]
    let statement = try db.cachedStatement(
      sql: """
        INSERT INTO mark_kinds (kind_id, name, weight_e4, import_id) VALUES (?, ?, ?, ?)
        ON CONFLICT (kind_id) DO UPDATE SET name = excluded.name,
          weight_e4 = excluded.weight_e4, import_id = excluded.import_id
        """)
    try importFile(importTable("mark_kinds.csv")) { row in
      let key = id(row, "kind_id")
      let name = text(row, "name")
      let weight = self.weight(row, "weight", required: true)
      guard let key, checkDuplicate(&seen, key, row, column: "kind_id", shown: key) else {
        return
      }
      known["mark_kinds", default: []].insert(key)
      guard let name, let weight, problems.isEmpty else { return }
      try statement.execute(arguments: [key, name, weight, importID])
    }
  }

  private func importPeriods() throws {
    var seen: [String: Int] = [:]
    let statement = try db.cachedStatement(
      sql: """
        INSERT INTO periods (period_id, name, start, "end", kind, grades, import_id)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (period_id) DO UPDATE SET name = excluded.name, start = excluded.start,
          "end" = excluded."end", kind = excluded.kind, grades = excluded.grades,
          import_id = excluded.import_id
        """)
    try importFile(importTable("periods.csv")) { row in
      let key = id(row, "period_id")
      let name = text(row, "name")
      let start = date(row, "start")
      let end = date(row, "end")
      let kind = choice(row, "kind", as: PeriodKind.self, default: .term)
      let grades = self.grades(row, "grades")
      if let start, let end, end < start {
        report(row, "end", "\(end) is before the start \(start)")
      }
      guard let key, checkDuplicate(&seen, key, row, column: "period_id", shown: key) else {
        return
      }
      known["periods", default: []].insert(key)
      periodLines[key] = row.line
      guard let name, let start, let end, let kind, let grades, problems.isEmpty else { return }
      try statement.execute(
        arguments: [key, name, start.iso, end.iso, kind.rawValue, Int(grades.mask), importID])
    }
    try checkTermsDoNotOverlap()
  }

  /// Terms of one grade never overlap (§2): the forecast's period must be unambiguous.
  private func checkTermsDoNotOverlap() throws {
    guard problems.isEmpty else { return }
    let rows = try Row.fetchAll(
      db,
      sql: """
        SELECT a.period_id AS a, b.period_id AS b, a.grades & b.grades AS shared
        FROM periods a JOIN periods b ON a.period_id < b.period_id
        WHERE a.kind = 'term' AND b.kind = 'term' AND (a.grades & b.grades) <> 0
          AND a.start <= b."end" AND b.start <= a."end"
        """)
    for row in rows {
      let a: String = row["a"]
      let b: String = row["b"]
      let shared = GradeSet(mask: UInt16(truncatingIfNeeded: row["shared"] as Int))
      let (first, second) = (periodLines[a] ?? 0) > (periodLines[b] ?? 0) ? (b, a) : (a, b)
      report(
        "periods.csv", periodLines[second] ?? 1, "start",
        "term '\(second)' overlaps term '\(first)' for grades \(shared); terms of one grade "
          + "never overlap")
    }
  }

  private func importHolidays() throws {
    var seen: [String: Int] = [:]
    let statement = try db.cachedStatement(
      sql: """
        INSERT INTO holidays (start, "end", grades, name, import_id) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (start, "end", grades) DO UPDATE SET name = excluded.name,
          import_id = excluded.import_id
        """)
    try importFile(importTable("holidays.csv")) { row in
      let start = date(row, "start")
      let end = date(row, "end")
      let grades = self.grades(row, "grades")
      let name = text(row, "name")
      guard let start, let end, let grades else { return }
      if end < start { report(row, "end", "\(end) is before the start \(start)") }
      let key = "\(start) \(end) \(grades)"
      guard checkDuplicate(&seen, key, row, column: "start", shown: key) else { return }
      guard let name, problems.isEmpty else { return }
      try statement.execute(arguments: [start.iso, end.iso, Int(grades.mask), name, importID])
    }
  }

  private func importStudyDates() throws {
    var seen: [String: Int] = [:]
    let statement = try db.cachedStatement(
      sql: """
        INSERT INTO study_dates (date, grades, name, import_id) VALUES (?, ?, ?, ?)
        ON CONFLICT (date, grades) DO UPDATE SET name = excluded.name,
          import_id = excluded.import_id
        """)
    try importFile(importTable("study_dates.csv")) { row in
      let day = date(row, "date")
      let grades = self.grades(row, "grades")
      let name = text(row, "name")
      guard let day, let grades else { return }
      let key = "\(day) \(grades)"
      guard checkDuplicate(&seen, key, row, column: "date", shown: key) else { return }
      guard let name, problems.isEmpty else { return }
      try statement.execute(arguments: [day.iso, Int(grades.mask), name, importID])
    }
  }
}
