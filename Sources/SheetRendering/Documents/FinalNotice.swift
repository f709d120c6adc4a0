import DiaryRules

/// Everything one final-results notice says (R6; regulation cl. 6, 8): one student, one
/// guardian, the final marks and exam results it covers, and by when it was due.
public struct FinalNotice: Sendable {
  /// A moment on the school's clock, as the notice prints it.
  public struct Moment: Sendable, Hashable {
    public var date: LocalDate
    public var hour: Int
    public var minute: Int

    public init(date: LocalDate, hour: Int, minute: Int) {
      self.date = date
      self.hour = hour
      self.minute = minute
    }

    /// `15:05`.
    public var time: String {
      (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute)
    }
  }

  /// A term or year mark.
  public struct FinalMark: Sendable, Hashable {
    public var subject: String
    public var period: String
    /// The mark as the e-journal gave it: `5`, `н/а`, `зач`, …
    public var value: String
    /// When the school recorded it.
    public var received: Moment

    public init(subject: String, period: String, value: String, received: Moment) {
      self.subject = subject
      self.period = period
      self.value = value
      self.received = received
    }
  }

  /// An exam (ГИА or another competitive or examination test) result.
  public struct ExamResult: Sendable, Hashable {
    public var exam: String
    public var date: LocalDate
    public var score: String?
    public var mark: String?
    public var received: Moment

    public init(exam: String, date: LocalDate, score: String?, mark: String?, received: Moment) {
      self.exam = exam
      self.date = date
      self.score = score
      self.mark = mark
      self.received = received
    }
  }

  public var school: String
  public var className: String
  public var homeroomTeacher: String
  public var student: PersonName
  public var guardian: PersonName
  public var delivery: Delivery
  /// The documented postal address of a `post` guardian.
  public var address: String?
  public var issueID: String
  public var issuedOn: LocalDate
  /// The earliest covered result's receipt plus 24 hours (cl. 6).
  public var deadline: Moment
  public var finals: [FinalMark]
  public var exams: [ExamResult]

  public init(
    school: String, className: String, homeroomTeacher: String, student: PersonName,
    guardian: PersonName, delivery: Delivery, address: String?, issueID: String,
    issuedOn: LocalDate, deadline: Moment, finals: [FinalMark], exams: [ExamResult]
  ) {
    self.school = school
    self.className = className
    self.homeroomTeacher = homeroomTeacher
    self.student = student
    self.guardian = guardian
    self.delivery = delivery
    self.address = address
    self.issueID = issueID
    self.issuedOn = issuedOn
    self.deadline = deadline
    self.finals = finals
    self.exams = exams
  }
}
