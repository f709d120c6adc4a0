import DiaryRules

/// Where an issue number is counted (§5): the week of a weekly sheet or reissue, or the
/// notices, which belong to no week.
public enum IssueScope: Hashable, Sendable, CustomStringConvertible {
  case week(SchoolWeek)
  case notices

  /// The scope as the store keeps it: `2026-W48`, or `notice`.
  public var description: String {
    switch self {
    case .week(let week): return week.description
    case .notices: return "notice"
    }
  }

  /// The issue id numbered `counter` in this scope: `2026-W48-00012` (at least five digits)
  /// or `N-000012` (at least six); longer counters keep all their digits.
  public func issueID(_ counter: Int64) -> String {
    switch self {
    case .week(let week): return "\(week)-" + Self.padded(counter, 5)
    case .notices: return "N-" + Self.padded(counter, 6)
    }
  }

  private static func padded(_ number: Int64, _ width: Int) -> String {
    let digits = String(number)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
  }
}
