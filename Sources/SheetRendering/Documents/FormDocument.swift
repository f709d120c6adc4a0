import DiaryRules

/// One of the paper forms the regulation asks for (R8; cl. 4, 5), blank or pre-filled: what a
/// family signs at the office. Every field left nil prints as a blank line for the pen.
public struct FormDocument: Sendable {
  /// The four forms; the raw values are the names `paperdiary forms` takes.
  public enum Kind: String, CaseIterable, Sendable {
    /// The written refusal of the e-diary, with cl. 5's mandatory phrase.
    case refusal
    /// The annulment of a refusal: the e-diary resumes.
    case annulment
    /// A student's own written consent (14+, with a passport) to use the e-diary.
    case studentConsent = "student-consent"
    /// The guardian's delivery method and contact details (cl. 4).
    case contacts
  }

  /// The refusal an annulment annuls, as the registry holds it.
  public struct Refusal: Sendable, Hashable {
    public var signedOn: LocalDate
    /// The school's reference, e.g. `вх. № 118`.
    public var reference: String

    public init(signedOn: LocalDate, reference: String) {
      self.signedOn = signedOn
      self.reference = reference
    }
  }

  public var kind: Kind
  public var school: String?
  public var className: String?
  public var homeroomTeacher: String?
  public var student: PersonName?
  public var birthDate: LocalDate?
  public var guardian: PersonName?
  /// The delivery method on record, ticked on the contacts form; nil leaves every box empty.
  public var delivery: Delivery?
  /// The documented postal address on record.
  public var address: String?
  /// The document the contacts on record came from (`заявление вх. № 57`).
  public var contactDocument: String?
  /// The refusal an annulment annuls.
  public var refusal: Refusal?

  /// A blank form of `kind`; set the fields the store knows.
  public init(kind: Kind) { self.kind = kind }
}
