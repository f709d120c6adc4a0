/// One weekly sheet that R3 says a (guardian, student) pair is owed for a study week.
///
/// It is also the key of a weekly issue in the ledger: the store allows exactly one weekly
/// issue per (guardian, student, week), so an owed sheet is met when that key is issued.
public struct OwedSheet: Hashable, Sendable, Comparable {
  public let guardian: GuardianID
  public let student: StudentID
  public let week: SchoolWeek

  public init(guardian: GuardianID, student: StudentID, week: SchoolWeek) {
    self.guardian = guardian
    self.student = student
    self.week = week
  }

  /// Week, then student, then guardian: a stable order for lists that carry ids only.
  public static func < (a: OwedSheet, b: OwedSheet) -> Bool {
    if a.week != b.week { return a.week < b.week }
    if a.student != b.student { return a.student < b.student }
    return a.guardian < b.guardian
  }
}
