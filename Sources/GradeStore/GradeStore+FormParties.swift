import DiaryRules
import GRDB

extension GradeStore {
  /// The student `id` and their guardians, for pre-filling a form (R8); nil for an unknown
  /// student.
  public func formParties(student id: StudentID) throws(StoreError) -> FormParties? {
    do {
      return try pool.read { db -> FormParties? in
        guard
          let row = try Row.fetchOne(
            db,
            sql: """
              SELECT s.last_name, s.first_name, s.middle_name, s.birth_date, s.passport,
                s.left_on, s.class_id, c.name, c.homeroom_teacher
              FROM students s JOIN classes c ON c.class_id = s.class_id
              WHERE s.student_id = ?
              """, arguments: [id.rawValue])
        else { return nil }
        let birthText: String = row[3]
        guard let birth = LocalDate(iso: birthText) else {
          throw StoreError.database(
            context: "reading student '\(id)'", underlying: "'\(birthText)' is not a date")
        }
        let student = FormParties.Student(
          id: id, name: PersonName(last: row[0], first: row[1], middle: row[2]),
          classID: ClassID(row[6] as String), className: row[7], homeroomTeacher: row[8],
          facts: StudentFacts(
            birthDate: birth, hasPassport: row[4],
            leftOn: (row[5] as String?).flatMap { LocalDate(iso: $0) }))
        var guardians: [FormParties.Guardian] = []
        let links = try Row.fetchCursor(
          db,
          sql: """
            SELECT g.guardian_id, g.last_name, g.first_name, g.middle_name, sg.relation,
              sg.until, g.delivery, g.address, g.contact_source, g.contact_document
            FROM student_guardians sg JOIN guardians g ON g.guardian_id = sg.guardian_id
            WHERE sg.student_id = ? ORDER BY g.guardian_id
            """, arguments: [id.rawValue])
        while let link = try links.next() {
          let guardian = GuardianID(link[0] as String)
          let delivery = try Delivery.stored(link[6], guardian: guardian.rawValue)
          let sourceText: String = link[8]
          guard let source = ContactSource(rawValue: sourceText) else {
            throw StoreError.database(
              context: "reading guardian '\(guardian)'",
              underlying: "contact_source '\(sourceText)' unknown")
          }
          guardians.append(
            FormParties.Guardian(
              id: guardian, name: PersonName(last: link[1], first: link[2], middle: link[3]),
              relation: link[4], until: (link[5] as String?).flatMap { LocalDate(iso: $0) },
              delivery: delivery, address: link[7], contactSource: source,
              contactDocument: link[9]))
        }
        return FormParties(student: student, guardians: guardians)
      }
    } catch { throw StoreError.wrap(error, "reading student '\(id)' for a form") }
  }

  /// Whether the store knows guardian `id` at all: a form names an unknown id differently from
  /// a guardian who is not linked to the student.
  public func hasGuardian(_ id: GuardianID) throws(StoreError) -> Bool {
    do {
      return try pool.read { db in
        try Bool.fetchOne(
          db, sql: "SELECT EXISTS (SELECT 1 FROM guardians WHERE guardian_id = ?)",
          arguments: [id.rawValue]) ?? false
      }
    } catch { throw StoreError.wrap(error, "looking up guardian '\(id)'") }
  }
}
