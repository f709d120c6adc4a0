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

  /// Every (guardian, student) pair that receives paper on `date` (R1), in print order (R10);
  /// only `student`'s pairs when one is given (R1 is decided student by student, so a teacher's
  /// single sheet need not read the whole school).
  public func recipients(on date: LocalDate, student: StudentID? = nil) throws(StoreError)
    -> [Recipient]
  {
    do {
      return try pool.read { db in
        try RecipientCandidates.load(db, student: student).recipients(on: date)
      }
    } catch { throw StoreError.wrap(error, "finding the recipients of \(date)") }
  }

  /// The recipients on each of `dates`, reading the registry once for all of them.
  public func recipients(
    onEach dates: some Sequence<LocalDate>
  ) throws(StoreError) -> [LocalDate: [Recipient]] {
    do {
      return try pool.read { db in
        let candidates = try RecipientCandidates.load(db)
        var byDate: [LocalDate: [Recipient]] = [:]
        for date in dates where byDate[date] == nil {
          byDate[date] = candidates.recipients(on: date)
        }
        return byDate
      }
    } catch { throw StoreError.wrap(error, "finding the recipients") }
  }
}

/// Every guardian link of a student who has a refusal, with what R1 needs to decide, read once
/// so that the recipients of many dates cost one pass over the store.
private struct RecipientCandidates {
  let facts: RegistryFacts
  let documentsByStudent: [StudentID: [RegistryDocument]]
  let candidates: [Recipient]

  static func load(_ db: Database, student: StudentID? = nil) throws -> RecipientCandidates {
    let facts = try RegistryFacts.load(db, student: student?.rawValue)
    var documentsByStudent: [StudentID: [RegistryDocument]] = [:]
    for document in facts.documents where document.kind != .studentConsent {
      documentsByStudent[document.student, default: []].append(document)
    }
    // The school's refusals are one list; one student's are found through registry_by_student
    // (the list would cost a pass over the whole registry, ~35 ms at 10 000 students).
    let refused =
      student == nil
      ? "sg.student_id IN (SELECT student_id FROM registry WHERE kind = 'refusal')"
      : """
      sg.student_id = :student AND EXISTS (
        SELECT 1 FROM registry r WHERE r.student_id = sg.student_id AND r.kind = 'refusal')
      """
    var candidates: [Recipient] = []
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
        WHERE \(refused)
        """, arguments: student.map { ["student": $0.rawValue] } ?? [:])
    while let row = try rows.next() {
      let delivery = try Delivery.stored(row["delivery"], guardian: row["guardian_id"])
      candidates.append(
        Recipient(
          guardian: GuardianID(row["guardian_id"]), student: StudentID(row["student_id"]),
          classID: ClassID(row["class_id"]), className: row["class_name"], grade: row["grade"],
          delivery: delivery,
          studentName: PersonName(
            last: row["last_name"], first: row["first_name"], middle: row["middle_name"]),
          guardianName: PersonName(
            last: row["g_last"], first: row["g_first"], middle: row["g_middle"])))
    }
    return RecipientCandidates(
      facts: facts, documentsByStudent: documentsByStudent,
      candidates: PrintOrder.sorted(candidates))
  }

  /// The candidates who receive paper on `date`, still in print order.
  func recipients(on date: LocalDate) -> [Recipient] {
    candidates.filter { candidate in
      guard let documents = documentsByStudent[candidate.student] else { return false }
      return RecipientRule.isRecipient(
        guardian: candidate.guardian, on: date,
        links: facts.guardianships[candidate.student] ?? [],
        facts: facts.students[candidate.student], documents: documents)
    }
  }
}
