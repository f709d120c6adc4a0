/// A document of the registry: a refusal, an annulment or a student's consent (cl. 5).
public struct RegistryDocument: Hashable, Sendable {
  public let id: DocumentID
  public let kind: DocumentKind
  /// The guardian who signed a refusal or annulment; nil for a student's consent.
  public let guardian: GuardianID?
  public let student: StudentID
  public let signedOn: LocalDate
  /// The school's own reference, e.g. `вх. № 118`.
  public let reference: String
  /// The order in which the store first recorded the document; breaks ties of `signedOn`.
  public let sequence: Int

  public init(
    id: DocumentID, kind: DocumentKind, guardian: GuardianID?, student: StudentID,
    signedOn: LocalDate, reference: String, sequence: Int
  ) {
    self.id = id
    self.kind = kind
    self.guardian = guardian
    self.student = student
    self.signedOn = signedOn
    self.reference = reference
    self.sequence = sequence
  }

  /// Registry order (R1): `signed_on`, then the order of first recording.
  public static func registryOrder(_ a: RegistryDocument, _ b: RegistryDocument) -> Bool {
    (a.signedOn, a.sequence) < (b.signedOn, b.sequence)
  }
}

/// A link between a student and a guardian, ending the day before `until` when it is given.
public struct Guardianship: Hashable, Sendable {
  public let student: StudentID
  public let guardian: GuardianID
  public let until: LocalDate?

  public init(student: StudentID, guardian: GuardianID, until: LocalDate?) {
    self.student = student
    self.guardian = guardian
    self.until = until
  }

  /// R1: G is a guardian of S on D when `until` is empty or after D.
  public func isActive(on date: LocalDate) -> Bool { until.map { $0 > date } ?? true }
}

/// What the registry rules need to know of a student.
public struct StudentFacts: Hashable, Sendable {
  public let birthDate: LocalDate
  public let hasPassport: Bool
  public let leftOn: LocalDate?

  public init(birthDate: LocalDate, hasPassport: Bool, leftOn: LocalDate?) {
    self.birthDate = birthDate
    self.hasPassport = hasPassport
    self.leftOn = leftOn
  }

  /// R1: enrolled on D when `left_on` is empty or after D.
  public func isEnrolled(on date: LocalDate) -> Bool { leftOn.map { $0 > date } ?? true }

  /// R2: 14 or older from the 14th birthday inclusive; born on 29 February, from 1 March in a
  /// year that has no 29 February.
  public func isAtLeast14(on date: LocalDate) -> Bool {
    let (y, m, d) = birthDate.components
    let birthday =
      LocalDate(year: y + 14, month: m, day: d) ?? LocalDate(year: y + 14, month: 3, day: 1)
    guard let birthday else { return false }
    return date >= birthday
  }
}
