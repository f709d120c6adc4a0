/// A student's own consent to the electronic diary (R2; regulation cl. 5).
///
/// «Ученик, достигший 14-летнего возраста, (и получивший паспорт), в случае отказа родителя …
/// имеет право самостоятельно … заявить о намерении получения данной услуги в электронном
/// виде»: a consent is valid only if, on its `signed_on` date, the student is 14 or older (from
/// the 14th birthday; born on 29 February, from 1 March in other years), has a passport, and has
/// at least one guardian who is a recipient (R1). It does not end the guardian's paper copy.
enum ConsentRule {
  /// The verdict on `doc`, given the refusals and annulments of the student accepted before it.
  static func judge(
    _ doc: RegistryDocument, facts: StudentFacts?, links: [Guardianship],
    earlier: [RegistryDocument]
  ) -> RegistryRule.Verdict {
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
      RecipientRule.isRecipient(
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
