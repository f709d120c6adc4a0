import DiaryRules
import GRDB

extension ImportSession {
  /// Registry documents: new ones are appended in row order (registry order breaks ties of
  /// `signed_on` by it); a stored document may be repeated but never changed (§2).
  func importRegistry(_ present: Set<String>) throws {
    var newLines: [String: Int] = [:]
    if present.contains("registry.csv") {
      newLines = try importRegistryFile()
    }
    let touchesPeople = ["students.csv", "student_guardians.csv"].contains(where: present.contains)
    if problems.isEmpty, !newLines.isEmpty || touchesPeople {
      try judgeRegistry(newLines: newLines)
    }
  }

  private func importRegistryFile() throws -> [String: Int] {
    var seen: [String: Int] = [:]
    var newLines: [String: Int] = [:]
    let stored = try StoredDocument.fetchAll(db)
    let storedByID = Dictionary(stored.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let statement = try db.cachedStatement(
      sql: """
        INSERT INTO registry (doc_id, kind, guardian_id, student_id, signed_on, document_ref,
          recorded_at, operator, import_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
    try importFile(importTable("registry.csv")) { row in
      let key = id(row, "doc_id")
      let kind = choice(row, "kind", as: DocumentKind.self)
      let student = reference(row, "student_id", table: "students", file: "students.csv")
      let signedOn = date(row, "signed_on")
      let reference = text(row, "document_ref")
      var guardian: String?
      if kind == .studentConsent {
        if row["guardian_id"] != nil {
          report(row, "guardian_id", "a student's consent is signed by the student: leave it empty")
        }
      } else if kind != nil {
        guardian = self.reference(
          row, "guardian_id", table: "guardians", file: "guardians.csv", required: true)
      }
      guard let key, checkDuplicate(&seen, key, row, column: "doc_id", shown: key) else {
        return
      }
      guard let kind, let student, let signedOn, let reference,
        kind == .studentConsent || guardian != nil
      else { return }
      let document = StoredDocument(
        id: key, kind: kind.rawValue, guardian: guardian, student: student,
        signedOn: signedOn.iso, reference: reference)
      if let old = storedByID[key] {
        if old != document {
          report(
            row, "doc_id",
            "document '\(key)' is already recorded with other content (\(old.summary)); "
              + "registry documents cannot be changed: record a new document instead")
        }
        return
      }
      newLines[key] = row.line
      guard problems.isEmpty else { return }
      try statement.execute(
        arguments: [
          key, kind.rawValue, guardian, student, signedOn.iso, reference, nowStamp,
          operatorName, importID,
        ])
    }
    return newLines
  }

  /// Judges every document in registry order with the store as this import leaves it (R1, R2).
  ///
  /// A new document that is invalid is an error at its line. A stored document that this import
  /// would make invalid is an error at the line of the new record that breaks it.
  private func judgeRegistry(newLines: [String: Int]) throws {
    let facts = try RegistryFacts.load(db)
    let verdicts = RegistryRule.judge(
      facts.documents, guardianships: facts.guardianships, students: facts.students)
    for document in facts.documents.sorted(by: RegistryDocument.registryOrder) {
      guard let verdict = verdicts[document.id] else { continue }
      if let line = newLines[document.id.rawValue] {
        switch verdict {
        case .valid: break
        case .redundant(let message):
          warnings.append("registry.csv:\(line): warning: \(message)")
        case .invalid(let message):
          report("registry.csv", line, Self.column(for: document.kind), message)
        }
      } else if case .invalid(let message) = verdict {
        let (file, line) = culprit(of: document, newLines: newLines, facts: facts)
        report(
          file, line, nil,
          "would make the stored \(document.kind.rawValue) '\(document.id)' of "
            + "\(document.signedOn) invalid: \(message)")
      }
    }
  }

  /// The record of this set that breaks a stored document: the earliest new document of the
  /// same student; else, for a consent whose student is under 14, has no passport or has left,
  /// the student's row; else the link of the document's guardian, any link of the student, or
  /// the links file that (with `--replace`) no longer has them; else the student's row.
  private func culprit(of stored: RegistryDocument, newLines: [String: Int], facts: RegistryFacts)
    -> (String, Int)
  {
    let student = stored.student.rawValue
    let lines = facts.documents.filter { $0.student == stored.student }.compactMap {
      newLines[$0.id.rawValue]
    }
    if let line = lines.min() { return ("registry.csv", line) }
    let day = stored.signedOn
    let studentsFault =
      stored.kind == .studentConsent
      && (facts.students[stored.student].map {
        !$0.isAtLeast14(on: day) || !$0.hasPassport || !$0.isEnrolled(on: day)
      } ?? true)
    if studentsFault, let line = studentLines[student] { return ("students.csv", line) }
    if let guardian = stored.guardian?.rawValue, let line = linkLines["\(student), \(guardian)"] {
      return ("student_guardians.csv", line)
    }
    if let line = linkLines[student] { return ("student_guardians.csv", line) }
    if counts.contains(where: { $0.file == "student_guardians.csv" }) {
      return ("student_guardians.csv", 1)
    }
    if let line = studentLines[student] { return ("students.csv", line) }
    return ("registry.csv", 1)
  }

  private static func column(for kind: DocumentKind) -> String {
    switch kind {
    case .refusal: return "guardian_id"
    case .annulment: return "kind"
    case .studentConsent: return "student_id"
    }
  }
}

/// A registry row as stored, compared field by field to enforce immutability.
struct StoredDocument: Hashable {
  let id: String
  let kind: String
  let guardian: String?
  let student: String
  let signedOn: String
  let reference: String

  var summary: String {
    "\(kind), guardian \(guardian ?? "—"), student \(student), signed \(signedOn), '\(reference)'"
  }

  static func fetchAll(_ db: Database) throws -> [StoredDocument] {
    try Row.fetchAll(
      db,
      sql: """
        SELECT doc_id, kind, guardian_id, student_id, signed_on, document_ref FROM registry
        """
    ).map {
      StoredDocument(
        id: $0["doc_id"], kind: $0["kind"], guardian: $0["guardian_id"],
        student: $0["student_id"], signedOn: $0["signed_on"], reference: $0["document_ref"])
    }
  }
}
