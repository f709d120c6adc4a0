import Foundation

/// The notice one (guardian, student) pair is owed under R6: everything pending for them, due
/// 24 hours after the earliest of it was recorded.
public struct PendingNotice: Hashable, Sendable {
  /// Where a pending notice stands against its deadline at a given instant.
  public enum Urgency: Hashable, Sendable {
    /// The deadline has passed.
    case overdue
    /// The deadline falls within the next 24 hours.
    case dueSoon
    /// Later than that (only when results are dated after now).
    case later
  }

  public let guardian: GuardianID
  public let student: StudentID
  /// The pending results, oldest first; one notice covers them all.
  public let items: [FinalResult]
  /// The earliest covered `recorded_at` plus 24 hours.
  public let deadline: Date

  public init(guardian: GuardianID, student: StudentID, items: [FinalResult], deadline: Date) {
    self.guardian = guardian
    self.student = student
    self.items = items
    self.deadline = deadline
  }

  /// Overdue when the deadline is before `now`, due soon when it is within the next 24 hours.
  public func urgency(at now: Date) -> Urgency {
    if deadline < now { return .overdue }
    if deadline <= now.addingTimeInterval(PendingNotices.window) { return .dueSoon }
    return .later
  }
}
