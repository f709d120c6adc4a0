/// Who receives paper (R1; regulation cl. 2 and 5).
///
/// Guardian G receives paper for student S on date D when G is a guardian of S on D, S is
/// enrolled on D, and the latest valid refusal-or-annulment of (G, S) signed on or before D, in
/// registry order, is a refusal. Each refusing guardian is a recipient of their own: two refusing
/// parents, two sheets.
public enum RecipientRule {
  /// Whether G receives paper for S on `date`, from the valid refusals and annulments of S in
  /// registry order.
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

}
