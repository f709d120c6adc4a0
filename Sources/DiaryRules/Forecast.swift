import Foundation

/// The forecast of one subject's term mark on a weekly sheet (regulation cl. 3, R5, DESIGN §3).
///
/// Built from a `ForecastInput`: P and the as-of date D give the window [P.start, E], E being
/// the earlier of D and P.end; the counted numeric marks in it make the `tally`, from which
/// `projected`, `toNext` and `toDrop` are decided exactly. The optional figures are nil where
/// §3 says null; the flags are nil only when there is no P, and false for an unmarked grade.
public struct SubjectForecast: Hashable, Sendable {
  public let subject: SubjectID
  /// P, or nil when S's grade has no term containing or before D.
  public let period: PeriodID?
  /// Sum, W and n of the counted marks; empty for an unmarked grade or without P.
  public let tally: ForecastTally
  /// n; nil for an unmarked grade or without P.
  public let marks: Int?
  /// `projected`, `to_next`, `to_drop` and the averages; `.none` when n = 0.
  public let figures: ForecastFigures
  /// Attendance rows in [P.start, E] whose code is an absence (`н`, `б`, `у`).
  public let absences: Int?
  /// Lessons of S's class in [P.start, E]; nil when the store holds no lessons for the class.
  public let lessons: Int?
  /// Lessons of S's class after D up to P.end; nil as `lessons`.
  public let remainingLessons: Int?
  /// `toNext` ≤ `remainingLessons`; nil when either is nil.
  public let nextReachable: Bool?
  /// No counted mark, and every attendance row in the window (one at least) is `осв`.
  public let exempt: Bool?
  /// n < `min_marks` («пока мало отметок»).
  public let fewMarks: Bool?
  /// The risk of «н/а»: too many absences, or too few marks in the last quarter of P.
  public let attestationRisk: Bool?
  /// The final mark of (S, J, P) lower-cased (`"5"`, `"н/а"`, `"зач"`); it replaces the
  /// forecast on the sheet.
  public let finalMark: String?

  /// The largest mark whose threshold the average reaches; nil when n = 0.
  public var projected: Int? { figures.projected }
  /// Extra ordinary top marks needed for the next mark; nil when `projected` is top or nil.
  public var toNext: Int? { figures.toNext }
  /// Extra ordinary low marks that would lower `projected`; nil when it is low or nil.
  public var toDrop: Int? { figures.toDrop }

  /// Sum / W for charts (see `ForecastTally.average`); nil when n = 0.
  public var average: Decimal? { tally.average }
  /// The average rounded half-up to 4 decimals, as the manifest carries it; nil when n = 0.
  public var roundedAverage: Decimal? { figures.roundedAverage }

  /// What the sheet prints as the average: truncated to two decimals (4.595 → «4,59»).
  public func averageText(decimalSeparator: String = ",") -> String? {
    figures.averageText(decimalSeparator: decimalSeparator)
  }

  // MARK: - The rule

  /// Decides every figure of §3 for (S, J) as of `input.asOf`.
  public init(_ input: ForecastInput) {
    guard let period = input.period else {
      self.init(subject: input.subject, period: nil, tally: ForecastTally([]))
      return
    }
    let asOf = input.asOf
    let windowEnd = min(asOf, period.end)
    let inWindow = { (date: LocalDate) in period.start <= date && date <= windowEnd }
    let rows = input.attendance.filter { inWindow($0.date) }
    let absences = rows.count { $0.code.isAbsence }
    let lessons = input.lessonDates.map { $0.count(where: inWindow) }
    let remaining = input.lessonDates.map { dates in
      dates.count { asOf < $0 && $0 <= period.end }
    }
    guard !input.gradeIsUnmarked else {
      self.init(
        subject: input.subject, period: period.id, tally: ForecastTally([]), absences: absences,
        lessons: lessons, remainingLessons: remaining, exempt: false, fewMarks: false,
        attestationRisk: false)
      return
    }

    let scale = input.scale
    let tally = ForecastTally(
      input.marks.lazy.compactMap { mark in
        guard let value = mark.value, mark.counted, mark.weightE4 > 0, inWindow(mark.date)
        else { return nil }
        return (value: value, weightE4: mark.weightE4)
      })
    let figures = tally.figures(on: scale)
    let toNext = figures.toNext
    let exempt = tally.count == 0 && !rows.isEmpty && rows.allSatisfy { $0.code == .exempt }
    let fewMarks = tally.count < scale.minMarks
    let manyAbsences =
      (lessons ?? 0) > 0 && Decimal(absences) > scale.maxAbsenceShare * Decimal(lessons ?? 0)
    let lateInPeriod = 4 * asOf.days(to: period.end) < period.lengthInDays
    self.init(
      subject: input.subject, period: period.id, tally: tally, marks: tally.count,
      figures: figures, absences: absences, lessons: lessons,
      remainingLessons: remaining,
      nextReachable: toNext.flatMap { k in remaining.map { k <= $0 } }, exempt: exempt,
      fewMarks: fewMarks, attestationRisk: !exempt && (manyAbsences || (fewMarks && lateInPeriod)),
      finalMark: SubjectForecast.normalized(input.finalMark))
  }

  /// Every figure at once; what is not given stays nil, as §3 has it without P.
  private init(
    subject: SubjectID, period: PeriodID?, tally: ForecastTally, marks: Int? = nil,
    figures: ForecastFigures = .none, absences: Int? = nil,
    lessons: Int? = nil, remainingLessons: Int? = nil, nextReachable: Bool? = nil,
    exempt: Bool? = nil, fewMarks: Bool? = nil, attestationRisk: Bool? = nil,
    finalMark: String? = nil
  ) {
    self.subject = subject
    self.period = period
    self.tally = tally
    self.marks = marks
    self.figures = figures
    self.absences = absences
    self.lessons = lessons
    self.remainingLessons = remainingLessons
    self.nextReachable = nextReachable
    self.exempt = exempt
    self.fewMarks = fewMarks
    self.attestationRisk = attestationRisk
    self.finalMark = finalMark
  }

  /// `final_marks.csv` values match without regard to case (§2); empty text is no mark.
  private static func normalized(_ value: String?) -> String? {
    guard let trimmed = value?.trimmingCharacters(in: .whitespaces), !trimmed.isEmpty else {
      return nil
    }
    return trimmed.lowercased()
  }
}
