import DiaryRules
import Foundation
import GradeStore

/// The office's registry workflows: record a paper handed in (a refusal, an annulment, a
/// student's consent) and list the registry. Output carries ids only, never names (R9).
public enum RegistryWorkflows {
  /// What `registry add` says: one line for stdout, warnings for stderr.
  public struct Addition: Sendable {
    public let entry: RegistryEntry
    public let line: String
    public let warnings: [String]
  }

  /// Records one document with the import's checks (R1, R2). `kind` accepts `refusal`,
  /// `annulment`, `student_consent` and `student-consent`; `signedOn` any date form of §2.
  public static func add(
    store path: String, kind: String, student: String, guardian: String?, signedOn: String,
    document: String, docID: String? = nil, operatorName: String? = nil, now: Date = Date(),
    onWait: (String) -> Void = { _ in }
  ) throws(PaperDiaryError) -> Addition {
    let parsedKind = try documentKind(kind)
    let date = try date(signedOn)
    // Alone on the store's data, as an import: a batch reading whom to issue to waits.
    let (store, lock) = try OpenStore.forChanging(path, onWait: onWait)
    defer { lock.release() }
    do {
      let entry = try store.addRegistryDocument(
        kind: parsedKind, student: StudentID(student), guardian: guardian.map { GuardianID($0) },
        signedOn: date, reference: document, docID: docID.map { DocumentID($0) },
        operatorName: operatorName ?? OperatorName.current(), now: now)
      return Addition(
        entry: entry, line: "recorded " + summary(entry),
        warnings: entry.warning.map { ["warning: \($0)"] } ?? [])
    } catch {
      throw PaperDiaryError(error)
    }
  }

  /// The documents in registry order (`signed_on`, then order of recording), of one student
  /// or of the whole school.
  public static func list(
    store path: String, student: String? = nil
  ) throws(PaperDiaryError) -> [RegistryEntry] {
    do {
      return try GradeStore(path: path).registryDocuments(student: student.map { StudentID($0) })
    } catch {
      throw PaperDiaryError(error)
    }
  }

  // MARK: - Parsing

  /// A document kind as the office types it; the command's `validate()` uses it too.
  public static func documentKind(_ text: String) throws(PaperDiaryError) -> DocumentKind {
    guard let kind = DocumentKind(code: text.trimmingCharacters(in: .whitespaces)) else {
      throw PaperDiaryError(
        .badInput,
        "'\(text)' is not a document kind; write refusal, annulment or student-consent")
    }
    return kind
  }

  /// A signing date in any form §2 allows (`2026-11-23`, `23.11.2026`, `23.11.26`).
  public static func date(_ text: String) throws(PaperDiaryError) -> LocalDate {
    guard let date = ImportValueParser.date(text) else {
      throw PaperDiaryError(
        .badInput, "'\(text)' is not a date; write 2026-11-23 or 23.11.2026")
    }
    return date
  }

  // MARK: - Output

  /// `recorded`'s rest: `r8: refusal by g5 for s4, signed 2026-10-01; s4 now gets paper`.
  static func summary(_ entry: RegistryEntry) -> String {
    let head = "\(entry.docID): \(entry.kind.rawValue)"
    let student = entry.studentID.rawValue
    guard let guardian = entry.guardianID else {
      return "\(head) by \(student), signed \(entry.signedOn); \(student) now has own access "
        + "to the e-diary, and paper still goes to the refusing guardian"
    }
    let gets = entry.state == .paper ? "paper" : "the e-diary"
    return "\(head) by \(guardian) for \(student), signed \(entry.signedOn); \(student) now "
      + "gets \(gets)"
  }

  /// `registry list` without `--json`: a header and one aligned row per document.
  public static func table(_ entries: [RegistryEntry]) -> [String] {
    let header = [
      "doc_id", "kind", "guardian", "student", "signed_on", "recorded_at", "state", "document",
    ]
    let rows = entries.map { entry in
      [
        entry.docID.rawValue, entry.kind.rawValue, entry.guardianID?.rawValue ?? "—",
        entry.studentID.rawValue, entry.signedOn.iso, entry.recordedAt, entry.state.rawValue,
        entry.documentRef,
      ]
    }
    return TextTable.lines(header: header, rows: rows)
  }

  /// `registry list --json`: DESIGN §6's array, keys in its order, one object per line,
  /// `guardian_id` null for a consent; text is UTF-8 as itself (Cyrillic is not escaped).
  public static func json(_ entries: [RegistryEntry]) -> String {
    JSONValue.array(
      entries.map { entry in
        .object([
          ("doc_id", .string(entry.docID.rawValue)), ("kind", .string(entry.kind.rawValue)),
          ("guardian_id", .string(entry.guardianID?.rawValue)),
          ("student_id", .string(entry.studentID.rawValue)),
          ("signed_on", .string(entry.signedOn.iso)),
          ("document_ref", .string(entry.documentRef)),
          ("recorded_at", .string(entry.recordedAt)), ("state", .string(entry.state.rawValue)),
        ])
      }
    ).rendered()
  }
}
