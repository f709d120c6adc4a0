/// A period of `periods.csv` as the forecast sees it: P of DESIGN §3, the «отчётный период»
/// whose final mark regulation cl. 3 asks to forecast, is chosen among these.
public struct ForecastPeriod: Hashable, Sendable {
  public let id: PeriodID
  public let name: String
  /// First day of the period, included.
  public let start: LocalDate
  /// Last day of the period, included.
  public let end: LocalDate
  public let kind: PeriodKind
  /// The grades the period applies to (`grades?` of `periods.csv`; empty there means all).
  public let grades: GradeSet

  public init(
    id: PeriodID, name: String, start: LocalDate, end: LocalDate, kind: PeriodKind = .term,
    grades: GradeSet = .all
  ) {
    self.id = id
    self.name = name
    self.start = start
    self.end = end
    self.kind = kind
    self.grades = grades
  }

  /// Whether `date` lies within [start, end]; false for a malformed period whose end precedes
  /// its start.
  public func contains(_ date: LocalDate) -> Bool { start <= date && date <= end }

  /// P.end − P.start in whole days: the length the attestation risk compares against.
  public var lengthInDays: Int { start.days(to: end) }

  // MARK: - Choosing P

  /// P of regulation cl. 3 / DESIGN §3: the `term` period of `grade` that contains `asOf`, else
  /// the latest term of `grade` that ended before `asOf`; nil when there is none.
  ///
  /// A `year` period is never P. Terms of one grade never overlap (§2); should the data say
  /// otherwise, the later start wins, then the later end, then the greater id, so the choice
  /// never depends on the order of `periods`.
  public static func choose(
    grade: Int, asOf: LocalDate, among periods: [ForecastPeriod]
  ) -> ForecastPeriod? {
    let terms = periods.filter { $0.kind == .term && $0.grades.contains(grade) }
    let containing = terms.filter { $0.contains(asOf) }
    if let current = containing.max(by: startOrder) { return current }
    return terms.filter { $0.end < asOf && $0.start <= $0.end }.max(by: endOrder)
  }

  private static func startOrder(_ a: ForecastPeriod, _ b: ForecastPeriod) -> Bool {
    (a.start, a.end, a.id.rawValue) < (b.start, b.end, b.id.rawValue)
  }

  private static func endOrder(_ a: ForecastPeriod, _ b: ForecastPeriod) -> Bool {
    (a.end, a.start, a.id.rawValue) < (b.end, b.start, b.id.rawValue)
  }
}
