import DiaryRules

/// Everything the store knows that one student's sheet needs: the period, and per subject the
/// marks, attendance, lessons and final mark within it. Plain values, no SQLite.
public struct SheetSource: Sendable {
  /// One mark as the sheet shows it; `forecastMark` is what the forecast counts.
  public struct Mark: Hashable, Sendable {
    public let value: Int?
    public let weightE4: Int64
    public let counted: Bool
    public let date: LocalDate
    /// UTC text `YYYY-MM-DDTHH:MM:SSZ`, when the e-journal gave it.
    public let enteredAt: String?
    public let comment: String?
    public let kindName: String

    public var forecastMark: ForecastInput.Mark {
      ForecastInput.Mark(value: value, weightE4: weightE4, counted: counted, date: date)
    }
  }

  public struct Subject: Sendable {
    public let id: SubjectID
    public let name: String
    public let marks: [Mark]
    public let attendance: [ForecastInput.Attendance]
    /// Nil when the store holds no lessons at all for the student's class.
    public let lessonDates: [LocalDate]?
    public let finalMark: String?
  }

  public let student: StudentID
  public let grade: Int
  /// P of §3; nil when the grade has no term on or before the as-of date.
  public let period: ForecastPeriod?
  /// The subjects the sheet lists (§3), in `subjects.csv` order.
  public let subjects: [Subject]
  /// When the student's own valid consent (R2) to use the e-diary was signed, if on or before
  /// the as-of date: the sheet says so; the guardian's paper copy goes on all the same.
  public var consentSince: LocalDate?
}
