import DiaryRules

/// A document about to be rendered, whose issue id is reserved first (§5). Made only through
/// `weekly`, `reissue` and `notice`, so a notice never has a week and a reissue always says
/// what it replaces.
public struct IssueRequest: Hashable, Sendable {
  public let kind: LedgerEntry.Kind
  public let guardian: GuardianID
  public let student: StudentID
  /// Nil for a notice.
  public let week: SchoolWeek?
  /// The issue a reissue replaces.
  public let replaces: String?

  private init(
    kind: LedgerEntry.Kind, guardian: GuardianID, student: StudentID, week: SchoolWeek?,
    replaces: String?
  ) {
    self.kind = kind
    self.guardian = guardian
    self.student = student
    self.week = week
    self.replaces = replaces
  }

  /// The week's one weekly sheet for the pair (R3).
  public static func weekly(
    guardian: GuardianID, student: StudentID, week: SchoolWeek
  ) -> IssueRequest {
    IssueRequest(kind: .weekly, guardian: guardian, student: student, week: week, replaces: nil)
  }

  /// A replacement for `replaces`, the pair's latest issue of `week` (R4).
  public static func reissue(
    guardian: GuardianID, student: StudentID, week: SchoolWeek, replaces: String
  ) -> IssueRequest {
    IssueRequest(
      kind: .reissue, guardian: guardian, student: student, week: week, replaces: replaces)
  }

  /// A final-results notice (R6).
  public static func notice(guardian: GuardianID, student: StudentID) -> IssueRequest {
    IssueRequest(kind: .notice, guardian: guardian, student: student, week: nil, replaces: nil)
  }

  /// The counter the request's id is numbered in.
  public var scope: IssueScope { week.map { .week($0) } ?? .notices }
}
