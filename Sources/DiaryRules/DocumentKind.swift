import Foundation

/// The kinds of registry document the regulation knows (cl. 5).
public enum DocumentKind: String, CaseIterable, Sendable, Hashable {
  /// A guardian's written refusal of the electronic diary: paper from then on.
  case refusal
  /// The annulment of a refusal: electronic again.
  case annulment
  /// A student's own written consent to use the electronic diary (14+, with a passport).
  case studentConsent = "student_consent"

  /// Accepts the stored spelling and the command line's `student-consent`.
  public init?(code: String) {
    let normalized = code.lowercased().replacingOccurrences(of: "-", with: "_")
    self.init(rawValue: normalized)
  }
}
