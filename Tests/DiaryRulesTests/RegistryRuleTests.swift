import Testing

@testable import DiaryRules

@Suite("R1 and R2: which registry documents are valid")
struct RegistryRuleTests {
  static let student = StudentID("s1")
  static let mother = GuardianID("g1")
  static let father = GuardianID("g2")

  static func day(_ iso: String) -> LocalDate { LocalDate(iso: iso) ?? LocalDate(dayNumber: 0) }

  static func doc(
    _ id: String, _ kind: DocumentKind, _ guardian: GuardianID?, _ signed: String, _ seq: Int
  ) -> RegistryDocument {
    RegistryDocument(
      id: DocumentID(id), kind: kind, guardian: guardian, student: student,
      signedOn: day(signed), reference: "вх. № \(seq)", sequence: seq)
  }

  static func judge(
    _ docs: [RegistryDocument], birth: String = "2010-05-01", passport: Bool = true,
    until: String? = nil
  ) -> [DocumentID: RegistryRule.Verdict] {
    let links = [
      Guardianship(student: student, guardian: mother, until: until.map(day)),
      Guardianship(student: student, guardian: father, until: nil),
    ]
    return RegistryRule.judge(
      docs, guardianships: [student: links],
      students: [student: StudentFacts(birthDate: day(birth), hasPassport: passport, leftOn: nil)])
  }

  /// Sequences of (kind, signed_on) for the mother and whether the last document is valid.
  @Test(arguments: [
    ([("refusal", "2026-09-01")], true),
    ([("annulment", "2026-09-01")], false),
    ([("refusal", "2026-09-01"), ("annulment", "2026-10-01")], true),
    ([("refusal", "2026-09-01"), ("annulment", "2026-10-01"), ("annulment", "2026-10-02")], false),
    ([("refusal", "2026-09-01"), ("refusal", "2026-09-02")], true),
    ([("refusal", "2026-09-01"), ("annulment", "2026-10-01"), ("refusal", "2026-11-01")], true),
    // Registry order is signed_on first: an annulment signed before the refusal is alone.
    ([("refusal", "2026-10-01"), ("annulment", "2026-09-01")], false),
  ])
  func sequences(steps: [(String, String)], lastIsValid: Bool) throws {
    let docs = steps.enumerated().map { i, step in
      Self.doc("d\(i)", DocumentKind(rawValue: step.0) ?? .refusal, Self.mother, step.1, i)
    }
    let verdicts = Self.judge(docs)
    let last = try #require(verdicts[DocumentID("d\(steps.count - 1)")])
    #expect(last.isValid == lastIsValid)
  }

  @Test func secondRefusalIsOnlyAWarning() {
    let verdicts = Self.judge([
      Self.doc("a", .refusal, Self.mother, "2026-09-01", 1),
      Self.doc("b", .refusal, Self.mother, "2026-09-05", 2),
    ])
    guard case .redundant = verdicts[DocumentID("b")] else {
      Issue.record("expected a warning, got \(String(describing: verdicts[DocumentID("b")]))")
      return
    }
  }

  @Test func refusalAfterGuardianshipEndedIsInvalid() {
    let verdicts = Self.judge(
      [Self.doc("a", .refusal, Self.mother, "2026-09-01", 1)], until: "2026-09-01")
    #expect(verdicts[DocumentID("a")]?.isValid == false)
  }

  /// 14th birthday inclusive; born 29 February: from 1 March in a non-leap year.
  @Test(arguments: [
    ("2012-11-27", "2026-11-27", true), ("2012-11-28", "2026-11-27", false),
    ("2012-02-29", "2026-02-28", false), ("2012-02-29", "2026-03-01", true),
    ("2012-02-28", "2026-02-28", true), ("2016-02-29", "2030-02-28", false),
    ("2016-02-29", "2030-03-01", true),
  ])
  func consentAge(birth: String, signed: String, valid: Bool) {
    let verdicts = Self.judge(
      [
        Self.doc("r", .refusal, Self.mother, "2020-01-01", 1),
        Self.doc("c", .studentConsent, nil, signed, 2),
      ], birth: birth)
    #expect(verdicts[DocumentID("c")]?.isValid == valid)
  }

  @Test func consentNeedsPassportAndARefusingGuardian() {
    let withoutPassport = Self.judge(
      [
        Self.doc("r", .refusal, Self.mother, "2026-09-01", 1),
        Self.doc("c", .studentConsent, nil, "2026-10-01", 2),
      ], passport: false)
    #expect(withoutPassport[DocumentID("c")]?.isValid == false)
    let annulled = Self.judge([
      Self.doc("r", .refusal, Self.mother, "2026-09-01", 1),
      Self.doc("a", .annulment, Self.mother, "2026-09-10", 2),
      Self.doc("c", .studentConsent, nil, "2026-10-01", 3),
    ])
    #expect(annulled[DocumentID("c")]?.isValid == false)
    let fatherStillRefuses = Self.judge([
      Self.doc("r", .refusal, Self.mother, "2026-09-01", 1),
      Self.doc("r2", .refusal, Self.father, "2026-09-02", 2),
      Self.doc("a", .annulment, Self.mother, "2026-09-10", 3),
      Self.doc("c", .studentConsent, nil, "2026-10-01", 4),
    ])
    #expect(fatherStillRefuses[DocumentID("c")]?.isValid == true)
  }
}
