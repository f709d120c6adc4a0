import Foundation

/// A final mark (term or year) or an exam result, as R6 sees it: something a paper family must
/// be told within 24 hours of `recordedAt` (regulation cl. 6 «не позже суток»).
public struct FinalResult: Hashable, Sendable {
  /// Which table the result comes from; a notice records it with the same words.
  public enum Kind: String, Hashable, Sendable, CaseIterable {
    case final
    case exam
  }

  public let kind: Kind
  /// The row's key within its kind: `<subject_id>/<period_id>` for a final mark (the student
  /// is `student`), the `result_id` for an exam result.
  public let key: String
  public let student: StudentID
  /// What the family is told; when it changes, the result is pending again.
  public let value: String
  public let recordedAt: Date

  public init(kind: Kind, key: String, student: StudentID, value: String, recordedAt: Date) {
    self.kind = kind
    self.key = key
    self.student = student
    self.value = value
    self.recordedAt = recordedAt
  }
}
