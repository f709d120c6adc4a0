/// How a guardian receives paper (R7, regulation cl. 4).
public enum Delivery: String, CaseIterable, Sendable, Hashable {
  /// Handed to the student at school.
  case student
  /// Collected at the school office.
  case inPerson = "in_person"
  /// Mailed to a documented address.
  case post
}

/// Where a guardian's contact details came from; only a documented source may be used (cl. 4).
public enum ContactSource: String, CaseIterable, Sendable, Hashable {
  case written
  case eSignature = "e_signature"
  case none

  /// A contact is usable only when it was handed over in writing or with an e-signature.
  public var isDocumented: Bool { self != .none }
}
