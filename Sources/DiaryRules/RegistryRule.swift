/// Which registry documents are valid, decided in registry order (R1, R2; regulation cl. 5).
///
/// R1: an annulment is valid only when the latest earlier refusal-or-annulment of the same
/// (guardian, student) is a refusal; a refusal needs the signer to be the student's guardian on
/// the day it was signed; a second refusal in a row is harmless. R2: a student's consent is valid
/// only when, on its day, the student is 14 or older, has a passport and has at least one guardian
/// who is a recipient (R1). The rule is pure: it sees the documents, links and students it is given.
public enum RegistryRule {
  /// The verdict on one document.
  public enum Verdict: Hashable, Sendable {
    case valid
    /// Valid but changes nothing: a refusal after a refusal (reported as a warning).
    case redundant(String)
    case invalid(String)

    public var isValid: Bool {
      if case .invalid = self { return false }
      return true
    }
  }

  /// Judges `documents` (any order; they are sorted into registry order first) and returns one
  /// verdict per document id. Invalid documents do not change the state that later ones see.
  public static func judge(
    _ documents: [RegistryDocument], guardianships: [StudentID: [Guardianship]],
    students: [StudentID: StudentFacts]
  ) -> [DocumentID: Verdict] {
    let ordered = documents.sorted(by: RegistryDocument.registryOrder)
    var verdicts: [DocumentID: Verdict] = [:]
    // The (guardian, student) pairs' documents accepted so far, in registry order.
    var accepted: [StudentID: [RegistryDocument]] = [:]
    for doc in ordered {
      let links = guardianships[doc.student] ?? []
      let verdict: Verdict
      switch doc.kind {
      case .refusal, .annulment:
        verdict = judgePaperDocument(doc, links: links, earlier: accepted[doc.student] ?? [])
      case .studentConsent:
        verdict = judgeConsent(
          doc, facts: students[doc.student], links: links, earlier: accepted[doc.student] ?? [])
      }
      verdicts[doc.id] = verdict
      if verdict.isValid, doc.kind != .studentConsent {
        accepted[doc.student, default: []].append(doc)
      }
    }
    return verdicts
  }

  /// Whether G receives paper for S on `date` (R1), from the valid refusals and annulments of S
  /// in registry order.
  public static func isRecipient(
    guardian: GuardianID, on date: LocalDate, links: [Guardianship], facts: StudentFacts?,
    documents: [RegistryDocument]
  ) -> Bool {
    guard let facts, facts.isEnrolled(on: date),
      links.contains(where: { $0.guardian == guardian && $0.isActive(on: date) })
    else { return false }
    let latest = documents.last { $0.guardian == guardian && $0.signedOn <= date }
    return latest?.kind == .refusal
  }

  // MARK: - One document

  private static func judgePaperDocument(
    _ doc: RegistryDocument, links: [Guardianship], earlier: [RegistryDocument]
  ) -> Verdict {
    guard let guardian = doc.guardian else {
      return .invalid("a \(doc.kind.rawValue) needs the guardian who signed it (guardian_id)")
    }
    let previous = earlier.last { $0.guardian == guardian }
    switch doc.kind {
    case .refusal:
      guard links.contains(where: { $0.guardian == guardian && $0.isActive(on: doc.signedOn) })
      else {
        return .invalid(
          "'\(guardian)' is not a guardian of student '\(doc.student)' on \(doc.signedOn)")
      }
      if previous?.kind == .refusal {
        return .redundant("a second refusal in a row by '\(guardian)' for '\(doc.student)'")
      }
      return .valid
    case .annulment:
      guard let previous else {
        return .invalid(
          "annulment with no refusal before it for guardian '\(guardian)' and student "
            + "'\(doc.student)'")
      }
      guard previous.kind == .refusal else {
        return .invalid(
          "annulment after annulment '\(previous.id)' for guardian '\(guardian)' and student "
            + "'\(doc.student)': there is no refusal left to annul")
      }
      return .valid
    case .studentConsent:
      return .invalid("not a guardian's document")
    }
  }

  private static func judgeConsent(
    _ doc: RegistryDocument, facts: StudentFacts?, links: [Guardianship],
    earlier: [RegistryDocument]
  ) -> Verdict {
    guard let facts else { return .invalid("unknown student '\(doc.student)'") }
    guard facts.isAtLeast14(on: doc.signedOn) else {
      return .invalid(
        "student '\(doc.student)' (born \(facts.birthDate)) is under 14 on \(doc.signedOn)")
    }
    guard facts.hasPassport else {
      return .invalid("student '\(doc.student)' has no passport (students.csv: passport = no)")
    }
    let guardians = Set(links.map(\.guardian)).sorted()
    let refusing = guardians.contains { guardian in
      isRecipient(
        guardian: guardian, on: doc.signedOn, links: links, facts: facts, documents: earlier)
    }
    guard refusing else {
      return .invalid(
        "no guardian of student '\(doc.student)' receives paper on \(doc.signedOn): a consent "
          + "needs a refusing guardian")
    }
    return .valid
  }
}
