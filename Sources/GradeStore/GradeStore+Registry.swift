import DiaryRules
import Foundation
import GRDB

/// A registry document as the office sees it (DESIGN §6, `registry list`): ids only, never
/// names (R9), with the state the document leaves its (guardian, student) pair in.
public struct RegistryEntry: Hashable, Sendable {
  /// What a document leaves behind: a refusal or annulment, the pair's state right after it;
  /// a consent is `valid`, since the store keeps no invalid consent (R2).
  public enum State: String, Hashable, Sendable {
    case paper
    case electronic
    case valid
  }

  public let docID: DocumentID
  public let kind: DocumentKind
  /// The guardian who signed a refusal or annulment; nil for a student's consent.
  public let guardianID: GuardianID?
  public let studentID: StudentID
  public let signedOn: LocalDate
  public let documentRef: String
  /// ISO 8601 with seconds and the school's UTC offset, e.g. `2026-11-27T14:05:00+05:00`.
  public let recordedAt: String
  public let state: State
  /// Why the document changed nothing (a second refusal in a row, a repeat of a recorded
  /// document), for the office to read; nil when it did what it says.
  public let warning: String?
}

extension GradeStore {
  /// Records one paper document handed in at the office (`registry add`), with the import's
  /// checks: the id rule, a known student and guardian, R1 and R2 over the stored documents
  /// plus this one. A document that is invalid, or that would make a stored annulment or
  /// consent invalid, is refused with `StoreError.documentRefused` and nothing is written.
  ///
  /// The document is appended after every stored one (registry order breaks ties of
  /// `signedOn` by it) with no import id. Without `docID` it gets `local-<n>`, n one more than
  /// the largest such number in use. Repeating a recorded document exactly changes nothing.
  public func addRegistryDocument(
    kind: DocumentKind, student: StudentID, guardian: GuardianID?, signedOn: LocalDate,
    reference: String, docID: DocumentID? = nil, operatorName: String, now: Date
  ) throws(StoreError) -> RegistryEntry {
    let document = NewDocument(
      kind: kind, student: student, guardian: guardian, signedOn: signedOn,
      reference: reference.trimmingCharacters(in: .whitespacesAndNewlines))
    do {
      return try pool.writeWithoutTransaction { db in
        var entry: RegistryEntry?
        // IMMEDIATE: the check and the append must see no other writer in between.
        try db.inTransaction(.immediate) {
          entry = try Self.record(
            document, docID: docID, operatorName: operatorName, now: now, db: db)
          return .commit
        }
        guard let entry else {
          throw StoreError.database(
            context: "recording a registry document", underlying: "nothing was recorded")
        }
        return entry
      }
    } catch {
      throw StoreError.wrap(error, "recording a registry document")
    }
  }

  /// The registry in registry order (`signed_on`, then order of recording), of one student
  /// or of all, with each document's state (DESIGN §6, `registry list`).
  public func registryDocuments(student: StudentID? = nil) throws(StoreError) -> [RegistryEntry] {
    do {
      return try pool.read { db in
        if let student,
          try Bool.fetchOne(
            db, sql: "SELECT EXISTS (SELECT 1 FROM students WHERE student_id = ?)",
            arguments: [student.rawValue]) != true
        {
          throw StoreError.documentRefused(
            "unknown student '\(student)': not in the store; check the id with the e-journal")
        }
        let facts = try RegistryFacts.load(db, student: student?.rawValue)
        let verdicts = RegistryRule.judge(
          facts.documents, guardianships: facts.guardianships, students: facts.students)
        return Self.entries(
          facts.documents, verdicts: verdicts, recordedAt: try Self.recordedAt(db, student),
          zone: try Self.zone(db))
      }
    } catch {
      throw StoreError.wrap(error, "reading the registry")
    }
  }

  // MARK: - Recording

  /// A document as the office typed it, before it has an id and a place in the registry.
  private struct NewDocument {
    let kind: DocumentKind
    let student: StudentID
    let guardian: GuardianID?
    let signedOn: LocalDate
    let reference: String

    /// `refusal by 'g1' for 's1' signed 2026-09-02`: how refusals name the document.
    var summary: String {
      if let guardian {
        return "\(kind.rawValue) by '\(guardian)' for '\(student)' signed \(signedOn)"
      }
      return "\(kind.rawValue) of '\(student)' signed \(signedOn)"
    }
  }

  /// Checks `document` and appends it, inside the caller's transaction.
  private static func record(
    _ document: NewDocument, docID: DocumentID?, operatorName: String, now: Date, db: Database
  ) throws -> RegistryEntry {
    try checkFields(document, docID: docID, db: db)
    let zone = try zone(db)
    let id = try docID ?? nextLocalID(db)
    if let stored = try StoredDocument.fetch(db, id: id.rawValue) {
      return try repeated(document, stored: stored, db: db, zone: zone)
    }
    let sequence = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) + 1 FROM registry") ?? 1
    let new = RegistryDocument(
      id: id, kind: document.kind, guardian: document.guardian, student: document.student,
      signedOn: document.signedOn, reference: document.reference, sequence: sequence)
    let facts = try RegistryFacts.load(db, student: document.student.rawValue)
    let verdicts = try judge(new, summary: document.summary, facts: facts)
    let stamp = Instant.stamp(now)
    try db.execute(
      sql: """
        INSERT INTO registry (seq, doc_id, kind, guardian_id, student_id, signed_on,
          document_ref, recorded_at, operator, import_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
        """,
      arguments: [
        sequence, id.rawValue, new.kind.rawValue, new.guardian?.rawValue, new.student.rawValue,
        new.signedOn.iso, new.reference, stamp, operatorName,
      ])
    var recordedAt = try recordedAt(db, document.student)
    recordedAt[id.rawValue] = stamp
    let entries = entries(
      facts.documents + [new], verdicts: verdicts, recordedAt: recordedAt, zone: zone)
    guard let entry = entries.first(where: { $0.docID == id }) else {
      throw StoreError.database(
        context: "recording \(id)", underlying: "the new document is missing from the registry")
    }
    return entry
  }

  /// What can be told without the registry rules: the id rule, known people, the signer.
  private static func checkFields(
    _ document: NewDocument, docID: DocumentID?, db: Database
  ) throws {
    if let docID, !IDRule.isValid(docID.rawValue) {
      throw StoreError.documentRefused(
        "'\(ImportSession.quote(docID.rawValue))' is not a valid document id (a letter or "
          + "digit, then up to 63 letters, digits, '_', '.' or '-'); give another --doc-id "
          + "or leave it out for local-<n>")
    }
    guard !document.reference.isEmpty else {
      throw StoreError.documentRefused(
        "the document reference is empty; give --document as the school registered the "
          + "paper, e.g. 'вх. № 118'")
    }
    let student = document.student.rawValue
    guard
      try Bool.fetchOne(
        db, sql: "SELECT EXISTS (SELECT 1 FROM students WHERE student_id = ?)",
        arguments: [student]) ?? false
    else {
      throw StoreError.documentRefused(
        "unknown student '\(ImportSession.quote(student))': not in the store; check the id "
          + "or import the student first")
    }
    switch (document.kind, document.guardian) {
    case (.studentConsent, .some):
      throw StoreError.documentRefused(
        "a student's consent is signed by the student, not a guardian; leave out --guardian")
    case (.refusal, nil), (.annulment, nil):
      throw StoreError.documentRefused(
        "a \(document.kind.rawValue) needs the guardian who signed it; give --guardian")
    case (_, .some(let guardian)):
      guard
        try Bool.fetchOne(
          db, sql: "SELECT EXISTS (SELECT 1 FROM guardians WHERE guardian_id = ?)",
          arguments: [guardian.rawValue]) ?? false
      else {
        throw StoreError.documentRefused(
          "unknown guardian '\(ImportSession.quote(guardian.rawValue))': not in the store; "
            + "check the id or import the guardian first")
      }
    case (.studentConsent, nil):
      break
    }
  }

  /// `local-<n>`, n one past the largest in use, so a default id is never reused.
  private static func nextLocalID(_ db: Database) throws -> DocumentID {
    let prefix = "local-"
    let ids = try String.fetchAll(
      db, sql: "SELECT doc_id FROM registry WHERE substr(doc_id, 1, 6) = ?", arguments: [prefix])
    let largest = ids.compactMap { id -> Int? in
      let digits = id.dropFirst(prefix.count)
      guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else {
        return nil
      }
      return Int(digits)
    }.max()
    return DocumentID(prefix + String((largest ?? 0) + 1))
  }

  /// A doc_id already recorded: the same paper typed twice changes nothing; other content
  /// under the same id is refused, since registry documents are immutable (§2).
  private static func repeated(
    _ document: NewDocument, stored: StoredDocument, db: Database, zone: TimeZone
  ) throws -> RegistryEntry {
    let same = StoredDocument(
      id: stored.id, kind: document.kind.rawValue, guardian: document.guardian?.rawValue,
      student: document.student.rawValue, signedOn: document.signedOn.iso,
      reference: document.reference)
    guard same == stored else {
      throw StoreError.documentRefused(
        "document '\(stored.id)' is already recorded with other content (\(stored.kind), "
          + "guardian \(stored.guardian ?? "—"), student \(stored.student), signed "
          + "\(stored.signedOn), '\(ImportSession.quote(stored.reference))'); registry documents "
          + "cannot be changed: record this paper under another --doc-id")
    }
    let facts = try RegistryFacts.load(db, student: stored.student)
    let verdicts = RegistryRule.judge(
      facts.documents, guardianships: facts.guardianships, students: facts.students)
    let entries = entries(
      facts.documents, verdicts: verdicts, recordedAt: try recordedAt(db, document.student),
      zone: zone)
    guard let entry = entries.first(where: { $0.docID.rawValue == stored.id }) else {
      throw StoreError.database(
        context: "recording \(stored.id)", underlying: "the stored document cannot be read")
    }
    return RegistryEntry(
      docID: entry.docID, kind: entry.kind, guardianID: entry.guardianID,
      studentID: entry.studentID, signedOn: entry.signedOn, documentRef: entry.documentRef,
      recordedAt: entry.recordedAt, state: entry.state,
      warning: "document '\(stored.id)' is already recorded with the same content; nothing "
        + "was added")
  }

  /// Judges the student's documents with `new` among them (R1, R2). Refuses `new` when it is
  /// invalid itself or makes a stored document invalid that was valid without it.
  private static func judge(
    _ new: RegistryDocument, summary: String, facts: RegistryFacts
  ) throws -> [DocumentID: RegistryRule.Verdict] {
    let before = RegistryRule.judge(
      facts.documents, guardianships: facts.guardianships, students: facts.students)
    let after = RegistryRule.judge(
      facts.documents + [new], guardianships: facts.guardianships, students: facts.students)
    if case .invalid(let reason) = after[new.id] {
      throw StoreError.documentRefused(
        "\(summary) refused: \(reason); nothing was recorded: "
          + "check the kind, the signer and the date against the paper")
    }
    for stored in facts.documents {
      guard before[stored.id]?.isValid ?? false, case .invalid(let reason) = after[stored.id]
      else { continue }
      throw StoreError.documentRefused(
        "\(summary) refused: it would make the stored \(stored.kind.rawValue) '\(stored.id)' "
          + "of \(stored.signedOn) invalid (\(reason)); "
          + "nothing was recorded: check the date against the paper")
    }
    return after
  }

  // MARK: - Listing

  /// Entries in registry order with each pair's state after each document (R1). A refusal or
  /// annulment that the rules did not accept leaves the state as it was.
  private static func entries(
    _ documents: [RegistryDocument], verdicts: [DocumentID: RegistryRule.Verdict],
    recordedAt: [String: String], zone: TimeZone
  ) -> [RegistryEntry] {
    var onPaper: Set<[String]> = []
    return documents.sorted(by: RegistryDocument.registryOrder).map { document in
      let verdict = verdicts[document.id] ?? .valid
      var state = RegistryEntry.State.valid
      if let guardian = document.guardian {
        let pair = [guardian.rawValue, document.student.rawValue]
        if verdict.isValid {
          if document.kind == .refusal { onPaper.insert(pair) } else { onPaper.remove(pair) }
        }
        state = onPaper.contains(pair) ? .paper : .electronic
      }
      var warning: String?
      if case .redundant(let message) = verdict { warning = message }
      let stamp = recordedAt[document.id.rawValue] ?? ""
      return RegistryEntry(
        docID: document.id, kind: document.kind, guardianID: document.guardian,
        studentID: document.student, signedOn: document.signedOn,
        documentRef: document.reference,
        recordedAt: Instant.parse(stamp).map { SchoolClock(now: $0, zone: zone).timestamp($0) }
          ?? stamp,
        state: state, warning: warning)
    }
  }

  /// `recorded_at` by doc_id, as stored (UTC).
  private static func recordedAt(_ db: Database, _ student: StudentID?) throws -> [String: String] {
    let filter = student == nil ? "" : " WHERE student_id = ?"
    let arguments: StatementArguments = student.map { [$0.rawValue] } ?? []
    var result: [String: String] = [:]
    for row in try Row.fetchAll(
      db, sql: "SELECT doc_id, recorded_at FROM registry\(filter)", arguments: arguments)
    {
      result[row["doc_id"]] = row["recorded_at"]
    }
    return result
  }

  /// The school's zone, in which DESIGN §6 shows times; UTC before the first import.
  private static func zone(_ db: Database) throws -> TimeZone {
    try SchoolRecord.fetch(db)?.zone ?? SchoolSettings.utc
  }
}

extension StoredDocument {
  /// The stored document with this id, if any.
  static func fetch(_ db: Database, id: String) throws -> StoredDocument? {
    try Row.fetchOne(
      db,
      sql: """
        SELECT doc_id, kind, guardian_id, student_id, signed_on, document_ref FROM registry
        WHERE doc_id = ?
        """, arguments: [id]
    ).map {
      StoredDocument(
        id: $0["doc_id"], kind: $0["kind"], guardian: $0["guardian_id"],
        student: $0["student_id"], signedOn: $0["signed_on"], reference: $0["document_ref"])
    }
  }
}
