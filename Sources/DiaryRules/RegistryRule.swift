/// Which registry documents are valid, decided in registry order (R1; regulation cl. 5).
///
/// An annulment is valid only when the latest earlier refusal-or-annulment of the same
/// (guardian, student) is a refusal («начало предоставления услуги в электронном виде возможно
/// лишь при аннулировании заявления»); a refusal needs the signer to be the student's guardian
/// on the day it was signed; a second refusal in a row is harmless. Consents are judged by
/// `ConsentRule` (R2) against the refusals accepted before them. The rule is pure: it sees the
/// documents, links and students it is given.
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
        verdict = ConsentRule.judge(
          doc, facts: students[doc.student], links: links, earlier: accepted[doc.student] ?? [])
      }
      verdicts[doc.id] = verdict
      if verdict.isValid, doc.kind != .studentConsent {
        accepted[doc.student, default: []].append(doc)
      }
    }
    return verdicts
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
}
