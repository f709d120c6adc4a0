import DiaryRules

/// What a final-results notice prints for the keys of `FinalResult` (R6): subject and period
/// names for a final mark (`<subject_id>/<period_id>`), the exam, its date, score and mark for
/// an exam result (`result_id`).
public struct FinalResultNames: Hashable, Sendable {
  public struct Exam: Hashable, Sendable {
    /// `Итоговое собеседование`, `ОГЭ по математике`, … as imported.
    public let name: String
    public let date: LocalDate
    public let score: String?
    public let mark: String?
  }

  public let subjects: [SubjectID: String]
  public let periods: [PeriodID: String]
  public let exams: [ExamResultID: Exam]

  public init(
    subjects: [SubjectID: String], periods: [PeriodID: String], exams: [ExamResultID: Exam]
  ) {
    self.subjects = subjects
    self.periods = periods
    self.exams = exams
  }
}
