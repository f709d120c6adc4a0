import DiaryRules

/// Everything one weekly sheet says (DESIGN §4), as plain values: one student, one guardian,
/// one week. Built by the batch from the store and the forecast; drawn by `WeeklySheetLayout`.
public struct WeeklySheet: Sendable {
  /// One mark as printed.
  public struct Mark: Sendable, Hashable {
    /// Nil for a debt (work due and not handed in).
    public var value: Int?
    /// The mark's weight in ordinary marks (2 for a test that counts double); 1 prints plain.
    public var weight: Double
    public var counted: Bool
    public var date: LocalDate
    /// Entered after the previous weekly sheet to this guardian (§4): set apart on the sheet.
    public var isNew: Bool
    public var comment: String?

    public init(
      value: Int?, weight: Double, counted: Bool, date: LocalDate, isNew: Bool, comment: String?
    ) {
      self.value = value
      self.weight = weight
      self.counted = counted
      self.date = date
      self.isNew = isNew
      self.comment = comment
    }
  }

  /// One row of the table.
  public struct Subject: Sendable {
    public var name: String
    public var marks: [Mark]
    public var forecast: SubjectForecast

    public init(name: String, marks: [Mark], forecast: SubjectForecast) {
      self.name = name
      self.marks = marks
      self.forecast = forecast
    }
  }

  /// Who and where.
  public var school: String
  public var className: String
  public var homeroomTeacher: String
  public var student: PersonName
  public var guardian: PersonName
  public var delivery: Delivery
  /// The documented postal address of a `post` guardian.
  public var address: String?

  /// When and which data.
  public var week: SchoolWeek
  public var period: ForecastPeriod?
  public var asOf: LocalDate
  public var issueID: String
  public var issuedOn: LocalDate
  /// The issue a reissue replaces (R4).
  public var replaces: String?

  public var subjects: [Subject]
  public var scale: GradingScale
  /// A grade taught without marks: the sheet shows attendance only.
  public var unmarked: Bool
  /// When the student's own e-diary consent (R2) began.
  public var consentSince: LocalDate?

  public init(
    school: String, className: String, homeroomTeacher: String, student: PersonName,
    guardian: PersonName, delivery: Delivery, address: String?, week: SchoolWeek,
    period: ForecastPeriod?, asOf: LocalDate, issueID: String, issuedOn: LocalDate,
    replaces: String?, subjects: [Subject], scale: GradingScale, unmarked: Bool,
    consentSince: LocalDate?
  ) {
    self.school = school
    self.className = className
    self.homeroomTeacher = homeroomTeacher
    self.student = student
    self.guardian = guardian
    self.delivery = delivery
    self.address = address
    self.week = week
    self.period = period
    self.asOf = asOf
    self.issueID = issueID
    self.issuedOn = issuedOn
    self.replaces = replaces
    self.subjects = subjects
    self.scale = scale
    self.unmarked = unmarked
    self.consentSince = consentSince
  }

  /// The mean of the subjects' weighted averages at the end of each week of the period up to
  /// the as-of date: the trend chart. Weeks before any mark are nil.
  public var trend: [(week: SchoolWeek, average: Double?)] {
    guard let period, !unmarked else { return [] }
    let last = min(asOf, period.end)
    var weeks: [SchoolWeek] = []
    var week = SchoolWeek(containing: period.start)
    while week.monday <= last {
      weeks.append(week)
      week = week.next
    }
    return weeks.suffix(12).map { week in
      let cutOff = min(week.sunday, last)
      let averages = subjects.compactMap { subject -> Double? in
        var sum = 0.0
        var weights = 0.0
        for mark in subject.marks
        where mark.counted && mark.date >= period.start && mark.date <= cutOff {
          guard let value = mark.value else { continue }
          sum += Double(value) * mark.weight
          weights += mark.weight
        }
        return weights > 0 ? sum / weights : nil
      }
      return (week, averages.isEmpty ? nil : averages.reduce(0, +) / Double(averages.count))
    }
  }
}
