/// Everything DESIGN §3 reads to forecast one subject of one student as of one date.
///
/// The store fills it: marks with their weight already resolved (own weight, else the kind's),
/// the student's attendance rows in the subject, the lessons of the student's class, P and the
/// final mark of (S, J, P). The forecast itself filters by date, so rows outside P may be passed.
public struct ForecastInput: Hashable, Sendable {
  /// One row of `marks.csv` for (S, J).
  public struct Mark: Hashable, Sendable {
    /// The numeric mark, or nil for a debt `.` (shown, never averaged).
    public let value: Int?
    /// The resolved weight in units of 1/10 000 (`weight_e4`): 1.25 is 12 500. The store
    /// keeps it above 0; a weight ≤ 0 would never be counted rather than divide by zero.
    public let weightE4: Int64
    /// False for `counted = no`: shown, never averaged.
    public let counted: Bool
    public let date: LocalDate

    public init(value: Int?, weightE4: Int64, counted: Bool = true, date: LocalDate) {
      self.value = value
      self.weightE4 = weightE4
      self.counted = counted
      self.date = date
    }
  }

  /// One row of `attendance.csv` for (S, J).
  public struct Attendance: Hashable, Sendable {
    public let date: LocalDate
    public let code: AttendanceCode

    public init(date: LocalDate, code: AttendanceCode) {
      self.date = date
      self.code = code
    }
  }

  public let subject: SubjectID
  /// D, the data cut-off of the sheet.
  public let asOf: LocalDate
  /// P as `ForecastPeriod.choose` found it; nil makes every figure nil.
  public let period: ForecastPeriod?
  public let scale: GradingScale
  /// Whether S's grade is in `unmarked_grades`: then only attendance figures are given.
  public let gradeIsUnmarked: Bool
  public let marks: [Mark]
  public let attendance: [Attendance]
  /// One date per lesson of S's class in J (a date twice for two lessons that day); nil when
  /// the store holds no lessons at all for the class.
  public let lessonDates: [LocalDate]?
  /// The value of `final_marks.csv` for (S, J, P), as imported.
  public let finalMark: String?

  public init(
    subject: SubjectID, asOf: LocalDate, period: ForecastPeriod?, scale: GradingScale,
    gradeIsUnmarked: Bool = false, marks: [Mark], attendance: [Attendance] = [],
    lessonDates: [LocalDate]? = nil, finalMark: String? = nil
  ) {
    self.subject = subject
    self.asOf = asOf
    self.period = period
    self.scale = scale
    self.gradeIsUnmarked = gradeIsUnmarked
    self.marks = marks
    self.attendance = attendance
    self.lessonDates = lessonDates
    self.finalMark = finalMark
  }
}
