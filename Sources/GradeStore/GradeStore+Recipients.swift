import DiaryRules
import GRDB

extension GradeStore {
  /// The school's settings, or nil before the first import.
  public func settings() throws(StoreError) -> SchoolSettings? {
    do {
      return try pool.read { db in try SchoolRecord.fetch(db) }
    } catch { throw StoreError.wrap(error, "reading the school's settings") }
  }

  /// The study calendar: study weekdays, terms, holidays and extra study days.
  public func studyCalendar() throws(StoreError) -> StudyCalendar {
    do {
      return try pool.read { db in
        let weekdays = try SchoolRecord.fetch(db)?.studyDays ?? []
        func spans(_ sql: String) throws -> [StudyCalendar.Span] {
          try Row.fetchAll(db, sql: sql).compactMap { row in
            guard let start = LocalDate(iso: row[0] as String),
              let end = LocalDate(iso: row[1] as String)
            else { return nil }
            return StudyCalendar.Span(
              start: start, end: end,
              grades: GradeSet(mask: UInt16(truncatingIfNeeded: row[2] as Int)))
          }
        }
        return StudyCalendar(
          studyWeekdays: weekdays,
          terms: try spans("SELECT start, \"end\", grades FROM periods WHERE kind = 'term'"),
          holidays: try spans("SELECT start, \"end\", grades FROM holidays"),
          extraDays: try spans("SELECT date, date, grades FROM study_dates"))
      }
    } catch { throw StoreError.wrap(error, "reading the study calendar") }
  }

  /// Every (guardian, student) pair that receives paper on `date` (R1), in print order (R10).
  public func recipients(on date: LocalDate) throws(StoreError) -> [Recipient] {
    do {
      return try pool.read { db in
        let facts = try RegistryFacts.load(db)
        var documentsByStudent: [StudentID: [RegistryDocument]] = [:]
        for document in facts.documents where document.kind != .studentConsent {
          documentsByStudent[document.student, default: []].append(document)
        }
        var result: [Recipient] = []
        let rows = try Row.fetchCursor(
          db,
          sql: """
            SELECT sg.student_id, sg.guardian_id, s.class_id, c.name AS class_name, c.grade,
              g.delivery, s.last_name, s.first_name, s.middle_name,
              g.last_name AS g_last, g.first_name AS g_first, g.middle_name AS g_middle
            FROM student_guardians sg
            JOIN students s ON s.student_id = sg.student_id
            JOIN classes c ON c.class_id = s.class_id
            JOIN guardians g ON g.guardian_id = sg.guardian_id
            WHERE sg.student_id IN (SELECT student_id FROM registry WHERE kind = 'refusal')
            """)
        while let row = try rows.next() {
          let student = StudentID(row["student_id"])
          let guardian = GuardianID(row["guardian_id"])
          guard let documents = documentsByStudent[student],
            RecipientRule.isRecipient(
              guardian: guardian, on: date, links: facts.guardianships[student] ?? [],
              facts: facts.students[student], documents: documents),
            let delivery = Delivery(rawValue: row["delivery"])
          else { continue }
          result.append(
            Recipient(
              guardian: guardian, student: student, classID: ClassID(row["class_id"]),
              className: row["class_name"], grade: row["grade"], delivery: delivery,
              studentName: PersonName(
                last: row["last_name"], first: row["first_name"], middle: row["middle_name"]),
              guardianName: PersonName(
                last: row["g_last"], first: row["g_first"], middle: row["g_middle"])))
        }
        return PrintOrder.sorted(result)
      }
    } catch { throw StoreError.wrap(error, "finding the recipients of \(date)") }
  }
}
