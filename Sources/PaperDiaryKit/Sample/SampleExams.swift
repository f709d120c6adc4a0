import DiaryRules

/// The exam results of the sample (`exam_results.csv`): the exams a school records during
/// the year, each only once it has been sat before the export date.
///
/// «Итоговое сочинение» (grade 11, early December, with a February resit for those who
/// failed) and «Итоговое собеседование» (grade 9, February) are pass/fail; ЕГЭ and ОГЭ, sat
/// at the end of May and in June, show up only in a summer export. Scores follow the
/// student's ability, so results agree with their marks.
enum SampleExams {
  private struct Sitting {
    let name: String
    let grade: Int
    let date: LocalDate
    /// Days until the result is recorded.
    let delay: Int
  }

  static func write(
    to writer: CSVWriter, population: SamplePopulation, calendar: SampleCalendar, seed: UInt64
  ) throws {
    var random = SampleRandom(seed: seed, stream: 4)
    let y = calendar.startYear
    let today = calendar.today
    func day(_ year: Int, _ month: Int, _ day: Int) -> LocalDate {
      LocalDate(dayNumber: SampleCalendar.dayNumber(year, month, day))
    }
    func wednesday(_ year: Int, _ month: Int, week: Int) -> LocalDate {
      let first = day(year, month, 1)
      return first.adding(days: (3 - first.isoWeekday + 7) % 7 + 7 * (week - 1))
    }
    let essay = Sitting(
      name: "Итоговое сочинение", grade: 11, date: wednesday(y, 12, week: 1), delay: 7)
    let essayResit = Sitting(
      name: "Итоговое сочинение (дополнительный срок)", grade: 11,
      date: wednesday(y + 1, 2, week: 1), delay: 7)
    let interview = Sitting(
      name: "Итоговое собеседование по русскому языку", grade: 9,
      date: wednesday(y + 1, 2, week: 2), delay: 5)
    let russianExam = Sitting(
      name: "ЕГЭ по русскому языку", grade: 11,
      date: SampleCalendar.weekdayOnOrAfter(day(y + 1, 5, 30)), delay: 14)
    let mathExam = Sitting(
      name: "ОГЭ по математике", grade: 9,
      date: SampleCalendar.weekdayOnOrAfter(day(y + 1, 6, 3)), delay: 10)

    var number = 0
    func row(_ student: SamplePopulation.Student, _ sitting: Sitting, score: Int?, mark: String?)
      throws
    {
      number += 1
      let digits = String(number)
      let recorded = min(today, sitting.date.adding(days: sitting.delay))
      try writer.row([
        "e" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits,
        student.id, sitting.name, sitting.date.iso, score.map { String($0) }, mark,
        recorded.iso + " " + String(10 + random.below(7)) + ":00",
      ])
    }
    func sitters(_ sitting: Sitting) -> [SamplePopulation.Student] {
      guard sitting.date < today else { return [] }
      return population.students.filter {
        $0.grade == sitting.grade && $0.isEnrolled(on: sitting.date)
      }
    }

    var failedEssay: [SamplePopulation.Student] = []
    for student in sitters(essay) {
      let pass = random.chance(min(0.995, 0.75 + 0.06 * student.ability))
      if !pass { failedEssay.append(student) }
      try row(student, essay, score: nil, mark: pass ? "зач" : "незач")
    }
    if essayResit.date < today {
      for student in failedEssay where student.isEnrolled(on: essayResit.date) {
        try row(student, essayResit, score: nil, mark: random.chance(0.85) ? "зач" : "незач")
      }
    }
    for student in sitters(interview) {
      let score = clamp(Int((student.ability * 3.6 + 2.5 * random.normal()).rounded()), 0, 20)
      try row(student, interview, score: score, mark: score >= 10 ? "зач" : "незач")
    }
    for student in sitters(russianExam) {
      let raw = 40 + (student.ability - 3) * 22 + 8 * random.normal()
      try row(student, russianExam, score: clamp(Int(raw.rounded()), 0, 100), mark: nil)
    }
    for student in sitters(mathExam) {
      let raw = (student.ability - 2.5) * 9 + 3 * random.normal()
      let score = clamp(Int(raw.rounded()), 0, 31)
      let mark = score >= 22 ? "5" : score >= 16 ? "4" : score >= 8 ? "3" : "2"
      try row(student, mathExam, score: score, mark: mark)
    }
  }

  private static func clamp(_ value: Int, _ low: Int, _ high: Int) -> Int {
    min(high, max(low, value))
  }
}
