import DiaryRules
import Foundation
import GRDB
import Testing

@testable import GradeStore

/// `registry add` and `registry list` on the store: a document typed in at the office gets the
/// import's checks against the stored registry (R1, R2), is appended after every stored one,
/// and a refused one leaves the store as it was.
@Suite("registry add and list (R1, R2)")
struct RegistryAddTests {
  /// The good fixture imported into a fresh store; the fixture owns the temporary folder.
  struct Imported {
    let fixture: ImportFixture
    let store: GradeStore

    init() throws {
      fixture = try ImportFixture()
      store = try fixture.makeStore()
      try fixture.importSet(into: store)
    }

    @discardableResult
    func add(
      _ kind: DocumentKind, _ student: String, _ guardian: String?, _ signedOn: String,
      id: String? = nil, reference: String = "вх. № 200"
    ) throws -> RegistryEntry {
      let date = try #require(LocalDate(iso: signedOn))
      return try store.addRegistryDocument(
        kind: kind, student: StudentID(student), guardian: guardian.map { GuardianID($0) },
        signedOn: date, reference: reference, docID: id.map { DocumentID($0) },
        operatorName: "office", now: ImportFixture.now)
    }

    /// The one-line reason a document is refused; records an issue when it is accepted, and
    /// checks that the refusal left every table as it was.
    func refusal(
      _ kind: DocumentKind, _ student: String, _ guardian: String?, _ signedOn: String,
      id: String? = nil, reference: String = "вх. № 200"
    ) throws -> String {
      let before = try snapshot(store)
      defer { #expect((try? snapshot(store)) == before, "a refused document changed the store") }
      do {
        let entry = try add(kind, student, guardian, signedOn, id: id, reference: reference)
        Issue.record("expected \(kind) for \(student) to be refused, got \(entry)")
      } catch StoreError.documentRefused(let reason) {
        #expect(!reason.contains("\n"), "the reason must be one line")
        return reason
      }
      return ""
    }
  }

  static func date(_ iso: String) throws -> LocalDate { try #require(LocalDate(iso: iso)) }

  // MARK: - Accepted

  @Test("a refusal puts the pair on paper from its date (R1)")
  func refusalMakesARecipient() throws {
    let imported = try Imported()
    let entry = try imported.add(.refusal, "s4", "g5", "2026-11-20")
    #expect(entry.docID == "local-1")
    #expect(entry.state == .paper)
    #expect(entry.warning == nil)
    #expect(entry.recordedAt == "2026-11-18T16:06:40+05:00")
    let pairs = { (day: String) in
      try imported.store.recipients(on: try Self.date(day)).map { "\($0.guardian) \($0.student)" }
    }
    #expect(try !pairs("2026-11-19").contains("g5 s4"))
    #expect(try pairs("2026-11-23").contains("g5 s4"))
  }

  @Test("the new row: appended after every stored one, recorded now, by the operator, no import")
  func storedRow() throws {
    let imported = try Imported()
    try imported.add(.refusal, "s4", "g5", "2026-09-01", reference: "  вх. № 7  ")
    let row = try #require(
      try DatabaseQueue(path: imported.store.path).read { db in
        try Row.fetchOne(
          db,
          sql: """
            SELECT seq, recorded_at, operator, import_id, document_ref FROM registry
            WHERE doc_id = 'local-1'
            """)
      })
    #expect(row["seq"] as Int == 8)
    #expect(row["recorded_at"] as String == "2026-11-18T11:06:40Z")
    #expect(row["operator"] as String == "office")
    #expect(row["import_id"] as Int64? == nil)
    #expect(row["document_ref"] as String == "вх. № 7")
  }

  @Test("default ids are local-<n>, one past the largest in use")
  func defaultIDs() throws {
    let imported = try Imported()
    #expect(try imported.add(.refusal, "s4", "g5", "2026-10-01").docID == "local-1")
    #expect(try imported.add(.annulment, "s4", "g5", "2026-10-02").docID == "local-2")
    try imported.add(.refusal, "s4", "g5", "2026-10-03", id: "local-7")
    #expect(try imported.add(.annulment, "s4", "g5", "2026-10-04").docID == "local-8")
  }

  @Test("a second refusal in a row is recorded with a warning (R1)")
  func secondRefusal() throws {
    let imported = try Imported()
    let entry = try imported.add(.refusal, "s1", "g1", "2026-10-01")
    #expect(entry.state == .paper)
    #expect(entry.warning?.hasPrefix("a second refusal in a row by 'g1' for 's1'") == true)
  }

  @Test("a document typed twice changes nothing; other content under its id is refused")
  func sameID() throws {
    let imported = try Imported()
    let before = try snapshot(imported.store)
    let again = try imported.add(
      .refusal, "s1", "g1", "2026-09-02", id: "r1", reference: "вх. № 101")
    #expect(again.warning?.contains("already recorded with the same content") == true)
    #expect(again.state == .paper)
    #expect(try snapshot(imported.store) == before)
    let reason = try imported.refusal(
      .refusal, "s1", "g1", "2026-09-02", id: "r1", reference: "вх. № 909")
    #expect(reason.contains("document 'r1' is already recorded with other content"))
    #expect(reason.contains("'вх. № 101'"))
  }

  // MARK: - Refused

  /// One document that must be refused, and what the reason says.
  struct Refused: Sendable, CustomTestStringConvertible {
    let name: String
    let kind: DocumentKind
    let student: String
    let guardian: String?
    let signedOn: String
    var id: String?
    let reason: String

    var testDescription: String { name }
  }

  static let refused: [Refused] = [
    Refused(
      name: "R1: an annulment with no refusal before it", kind: .annulment, student: "s4",
      guardian: "g5", signedOn: "2026-10-01",
      reason: "annulment by 'g5' for 's4' signed 2026-10-01 refused: annulment with no refusal "
        + "before it for guardian 'g5' and student 's4'; nothing was recorded"),
    Refused(
      name: "R1: a second annulment", kind: .annulment, student: "s2", guardian: "g3",
      signedOn: "2026-10-15",
      reason: "annulment after annulment 'r4' for guardian 'g3' and student 's2'"),
    Refused(
      name: "R1: a refusal by someone who is not the student's guardian", kind: .refusal,
      student: "s2", guardian: "g1", signedOn: "2026-10-01",
      reason: "'g1' is not a guardian of student 's2' on 2026-10-01"),
    Refused(
      name: "R2: a consent under 14", kind: .studentConsent, student: "s1", guardian: nil,
      signedOn: "2027-03-13",
      reason: "student_consent of 's1' signed 2027-03-13 refused: student 's1' (born "
        + "2013-03-14) is under 14 on 2027-03-13"),
    Refused(
      name: "R2: a consent without a passport", kind: .studentConsent, student: "s1",
      guardian: nil, signedOn: "2027-03-14", reason: "student 's1' has no passport"),
    Refused(
      name: "R2: a consent with no refusing guardian", kind: .studentConsent, student: "s5",
      guardian: nil, signedOn: "2026-10-01",
      reason: "no guardian of student 's5' receives paper on 2026-10-01"),
    Refused(
      name: "R1: a back-dated annulment that makes a stored annulment a second one",
      kind: .annulment, student: "s2", guardian: "g3", signedOn: "2026-09-15",
      reason: "annulment by 'g3' for 's2' signed 2026-09-15 refused: it would make the stored "
        + "annulment 'r4' of 2026-10-01 invalid (annulment after annulment"),
    Refused(
      name: "R2: a back-dated annulment that leaves a stored consent without a refusing guardian",
      kind: .annulment, student: "s3", guardian: "g4", signedOn: "2026-09-10",
      reason: "it would make the stored student_consent 'r7' of 2026-09-20 invalid (no guardian "
        + "of student 's3' receives paper on 2026-09-20"),
    Refused(
      name: "an unknown student", kind: .refusal, student: "s9", guardian: "g1",
      signedOn: "2026-10-01", reason: "unknown student 's9': not in the store"),
    Refused(
      name: "an unknown guardian", kind: .refusal, student: "s1", guardian: "g9",
      signedOn: "2026-10-01", reason: "unknown guardian 'g9': not in the store"),
    Refused(
      name: "a refusal without its guardian", kind: .refusal, student: "s1", guardian: nil,
      signedOn: "2026-10-01", reason: "a refusal needs the guardian who signed it"),
    Refused(
      name: "a consent that names a guardian", kind: .studentConsent, student: "s3",
      guardian: "g4", signedOn: "2026-10-01", reason: "leave out --guardian"),
    Refused(
      name: "an id against the id rule", kind: .refusal, student: "s4", guardian: "g5",
      signedOn: "2026-10-01", id: "вх 1",
      reason: "'вх 1' is not a valid document id"),
  ]

  @Test("a refused document names the reason in one line and changes nothing", arguments: refused)
  func refusedDocument(_ document: Refused) throws {
    let imported = try Imported()
    let reason = try imported.refusal(
      document.kind, document.student, document.guardian, document.signedOn, id: document.id)
    #expect(reason.contains(document.reason), "\(reason)")
  }

  @Test("an annulment after an annulment recorded here is refused, naming it")
  func secondAnnulmentAfterAdd() throws {
    let imported = try Imported()
    #expect(try imported.add(.annulment, "s2", "g3", "2026-11-10").state == .electronic)
    let reason = try imported.refusal(.annulment, "s2", "g3", "2026-11-12")
    #expect(reason.contains("annulment after annulment 'local-1'"))
  }

  // MARK: - List

  @Test("the whole registry in registry order: signed_on, then order of recording")
  func listOrder() throws {
    let imported = try Imported()
    // Signed the same day as r1 and r3, recorded after both: it sorts after them.
    try imported.add(.refusal, "s1", "g1", "2026-09-02")
    let entries = try imported.store.registryDocuments()
    #expect(
      entries.map(\.docID.rawValue) == ["r1", "r3", "local-1", "r2", "r6", "r7", "r4", "r5"])
    let consent = try #require(entries.first { $0.docID == "r7" })
    #expect(consent.state == .valid)
    #expect(consent.guardianID == nil)
    #expect(entries.allSatisfy { $0.recordedAt == "2026-11-18T16:06:40+05:00" })
    #expect(entries.first { $0.docID == "local-1" }?.warning != nil)
  }

  @Test("states follow the pair: paper, electronic, paper (R1)")
  func listStates() throws {
    let imported = try Imported()
    // Recorded out of date order: registry order is by date, and each state is judged there.
    try imported.add(.refusal, "s4", "g5", "2026-11-05")
    try imported.add(.refusal, "s4", "g5", "2026-10-01")
    try imported.add(.annulment, "s4", "g5", "2026-10-20")
    let s4 = try imported.store.registryDocuments(student: "s4")
    #expect(s4.map(\.docID.rawValue) == ["local-2", "local-3", "local-1"])
    #expect(s4.map(\.state) == [.paper, .electronic, .paper])
    #expect(s4.allSatisfy { $0.warning == nil })
    let s2 = try imported.store.registryDocuments(student: "s2")
    #expect(s2.map(\.docID.rawValue) == ["r3", "r4", "r5"])
    #expect(s2.map(\.state) == [.paper, .electronic, .paper])
  }
}

@Suite("registry list")
struct RegistryListUnknownStudentTests {
  @Test func anUnknownStudentIsAnErrorNotAnEmptyList() throws {
    let fixture = try ImportFixture()
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    #expect(try store.registryDocuments(student: "s1").count == 2)
    #expect {
      try store.registryDocuments(student: "s999")
    } throws: { error in
      guard case .documentRefused(let reason) = error as? StoreError else { return false }
      return reason.contains("unknown student 's999'")
    }
  }
}
