import Foundation

/// One result that an issued notice told a guardian about: the ledger's notice and the version
/// of the row it carried (R6). Coverage is given in ledger order, so the latest one per row wins.
public struct NoticeCoverage: Hashable, Sendable {
  public let guardian: GuardianID
  public let student: StudentID
  public let kind: FinalResult.Kind
  public let key: String
  public let value: String
  public let recordedAt: Date

  public init(
    guardian: GuardianID, student: StudentID, kind: FinalResult.Kind, key: String, value: String,
    recordedAt: Date
  ) {
    self.guardian = guardian
    self.student = student
    self.kind = kind
    self.key = key
    self.value = value
    self.recordedAt = recordedAt
  }

  /// Whether this coverage told the guardian about exactly this version of `result`.
  public func covers(_ result: FinalResult) -> Bool {
    kind == result.kind && key == result.key && student == result.student
      && value == result.value && recordedAt == result.recordedAt
  }
}
