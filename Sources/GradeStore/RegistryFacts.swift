import DiaryRules
import GRDB

/// Everything the registry rules need, read from the store and turned into domain values.
struct RegistryFacts {
  var documents: [RegistryDocument] = []
  var guardianships: [StudentID: [Guardianship]] = [:]
  var students: [StudentID: StudentFacts] = [:]

  /// Reads the documents in registry order, with the links and students they concern.
  static func load(_ db: Database, student: String? = nil) throws -> RegistryFacts {
    var facts = RegistryFacts()
    let filter = student == nil ? "" : " WHERE student_id = :student"
    let arguments: StatementArguments = student.map { ["student": $0] } ?? [:]
    let rows = try Row.fetchCursor(
      db,
      sql: """
        SELECT seq, doc_id, kind, guardian_id, student_id, signed_on, document_ref
        FROM registry\(filter) ORDER BY signed_on, seq
        """, arguments: arguments)
    while let row = try rows.next() {
      guard let kind = DocumentKind(rawValue: row["kind"]),
        let signedOn = LocalDate(iso: row["signed_on"] as String)
      else { continue }
      facts.documents.append(
        RegistryDocument(
          id: DocumentID(row["doc_id"]), kind: kind,
          guardian: (row["guardian_id"] as String?).map { GuardianID($0) },
          student: StudentID(row["student_id"]), signedOn: signedOn,
          reference: row["document_ref"], sequence: row["seq"]))
    }
    let links = try Row.fetchCursor(
      db, sql: "SELECT student_id, guardian_id, until FROM student_guardians\(filter)",
      arguments: arguments)
    while let row = try links.next() {
      let student = StudentID(row["student_id"])
      facts.guardianships[student, default: []].append(
        Guardianship(
          student: student, guardian: GuardianID(row["guardian_id"]),
          until: (row["until"] as String?).flatMap { LocalDate(iso: $0) }))
    }
    let students = try Row.fetchCursor(
      db, sql: "SELECT student_id, birth_date, passport, left_on FROM students\(filter)",
      arguments: arguments)
    while let row = try students.next() {
      guard let birth = LocalDate(iso: row["birth_date"] as String) else { continue }
      facts.students[StudentID(row["student_id"])] = StudentFacts(
        birthDate: birth, hasPassport: row["passport"],
        leftOn: (row["left_on"] as String?).flatMap { LocalDate(iso: $0) })
    }
    return facts
  }
}
