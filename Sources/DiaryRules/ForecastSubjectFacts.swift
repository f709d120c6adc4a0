/// Which subjects a sheet lists (DESIGN §3, last bullet; regulation cl. 3).
///
/// A sheet lists, in `subjects.csv` order, every subject in which S has a mark (a debt or an
/// uncounted mark included) or an attendance row within [P.start, D], or S's class has a lesson
/// within P. The facts may come from the store directly (two `EXISTS` queries) or be derived
/// from the rows' dates with the second initialiser.
public struct ForecastSubjectFacts: Hashable, Sendable {
  public let subject: SubjectID
  /// S has a mark of any kind or an attendance row in the subject within [P.start, D].
  public let hasOwnRecord: Bool
  /// S's class has a lesson of the subject within P.
  public let classHasLesson: Bool

  public init(subject: SubjectID, hasOwnRecord: Bool, classHasLesson: Bool) {
    self.subject = subject
    self.hasOwnRecord = hasOwnRecord
    self.classHasLesson = classHasLesson
  }

  /// The facts from dates: every mark row (debts and `counted = no` too), every attendance row
  /// of S in the subject, and the lessons of S's class. Without P nothing is listed.
  public init(
    subject: SubjectID, markDates: [LocalDate], attendanceDates: [LocalDate],
    lessonDates: [LocalDate], period: ForecastPeriod?, asOf: LocalDate
  ) {
    guard let period else {
      self.init(subject: subject, hasOwnRecord: false, classHasLesson: false)
      return
    }
    let own = { (date: LocalDate) in period.start <= date && date <= asOf }
    self.init(
      subject: subject,
      hasOwnRecord: markDates.contains(where: own) || attendanceDates.contains(where: own),
      classHasLesson: lessonDates.contains(where: period.contains))
  }

  /// Whether the sheet has a row for the subject.
  public var isListed: Bool { hasOwnRecord || classHasLesson }

  /// The listed subjects in `order` (the sheet order the store keeps from `subjects.csv`);
  /// listed subjects missing from `order` follow in the order of `facts`, so none is lost.
  public static func listed(
    _ facts: [ForecastSubjectFacts], in order: [SubjectID]
  ) -> [SubjectID] {
    let shown = Set(facts.filter(\.isListed).map(\.subject))
    let known = Set(order)
    var seen = Set<SubjectID>()
    let inOrder = order.filter { shown.contains($0) && seen.insert($0).inserted }
    let extra = facts.map(\.subject).filter {
      shown.contains($0) && !known.contains($0) && seen.insert($0).inserted
    }
    return inOrder + extra
  }
}
