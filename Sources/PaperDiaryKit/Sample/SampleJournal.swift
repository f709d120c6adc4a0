import DiaryRules
import Foundation

/// The class journal of the sample: lessons for the whole year, and marks, attendance and
/// final marks up to the export date, written class by class.
///
/// Only one class is ever held in memory, so `marks.csv` can run to millions of rows; each
/// class draws from its own random stream, so its rows do not depend on the classes before
/// it. A student's marks scatter around an ability of their own (plus a per-subject bent), so
/// averages spread from about 2.8 to 5 with most between 3.5 and 4.7; final marks are computed
/// from the same rows with the thresholds of `school.toml`, exactly.
struct SampleJournal {
  let lessonsFile: CSVWriter
  let marksFile: CSVWriter
  let attendanceFile: CSVWriter
  let finalMarksFile: CSVWriter

  // Rows being assembled, handed to the files above once a megabyte has gathered.
  private var lessons = CSVBuffer()
  private var marks = CSVBuffer()
  private var attendance = CSVBuffer()
  private var finalMarks = CSVBuffer()

  private let calendar: SampleCalendar
  private let population: SamplePopulation
  private let seed: UInt64
  private let today: LocalDate
  private let dates: DateBytes
  private let studyDays: [[SampleCalendar.StudyDay]]
  private var nextMark = 1

  // Pre-encoded field values.
  private let kindIDs = SampleCurriculum.markKinds.map { Array($0.id.utf8) }
  private let kindWeights = SampleCurriculum.markKinds.map(\.halfWeight)
  private let overrides = SampleCurriculum.weightOverrides.map { (Array($0.text.utf8), $0.1) }
  private let comments = SampleNames.markComments.map(CSVBuffer.encoded)
  private let values: [[UInt8]] = ["0", "1", "2", "3", "4", "5", "."].map { Array($0.utf8) }
  private let codes: [[UInt8]] = ["н", "б", "у", "оп", "осв"].map { Array($0.utf8) }
  private let countedNo = Array("no".utf8)
  private let unmarkedGrades: Set<Int> = [1]
  private let homework = SampleCurriculum.markKinds.firstIndex { $0.id == "hw" } ?? -1
  private let dictation = SampleCurriculum.markKinds.firstIndex { $0.id == "dict" } ?? -1

  init(
    directory: URL, calendar: SampleCalendar, population: SamplePopulation, seed: UInt64
  ) throws {
    lessonsFile = try CSVWriter(
      directory: directory, name: "lessons.csv",
      header: ["class_id", "subject_id", "date", "lesson_no"])
    marksFile = try CSVWriter(
      directory: directory, name: "marks.csv",
      header: [
        "mark_id", "student_id", "subject_id", "date", "kind_id", "value", "weight", "counted",
        "entered_at", "comment",
      ])
    attendanceFile = try CSVWriter(
      directory: directory, name: "attendance.csv",
      header: ["student_id", "subject_id", "date", "lesson_no", "code"])
    finalMarksFile = try CSVWriter(
      directory: directory, name: "final_marks.csv",
      header: ["student_id", "subject_id", "period_id", "value", "recorded_at"])
    self.calendar = calendar
    self.population = population
    self.seed = seed
    today = calendar.today
    let periods = calendar.periods
    let first = periods.map(\.start).min() ?? today
    let last = max(periods.map(\.end).max() ?? today, today)
    dates = DateBytes(from: first, through: last.adding(days: 8))
    studyDays = (0...11).map { calendar.studyDays(grade: max(1, $0)) }
  }

  /// Writes every class, then closes the four files.
  mutating func writeAll() throws {
    for index in population.classes.indices {
      try writeClass(index)
      if lessons.isFull { try lessonsFile.write(&lessons) }
      if marks.isFull { try marksFile.write(&marks) }
      if attendance.isFull { try attendanceFile.write(&attendance) }
      if finalMarks.isFull { try finalMarksFile.write(&finalMarks) }
    }
    try lessonsFile.write(&lessons)
    try marksFile.write(&marks)
    try attendanceFile.write(&attendance)
    try finalMarksFile.write(&finalMarks)
    for file in [lessonsFile, marksFile, attendanceFile, finalMarksFile] { try file.close() }
  }

  // MARK: - One class

  /// The per-student traits that shape a class's journal (no references, so copying one in
  /// the inner loop costs nothing).
  private struct Pupil {
    let left: LocalDate?
    let ability: Double
    /// 1, or 4 for the few who skip often.
    let truancy: Double
    /// The subject (index) this student misses most lessons of, or -1.
    let avoided: Int
    /// The term (index) in which this student is exempt from physical education, or -1.
    let exemptTerm: Int
    var illDaysLeft = 0
    var ill = false
  }

  /// Sums for one (student, subject, term): weights in halves, so everything is an integer.
  private struct Tally {
    var weightedSum = 0
    var halfWeights = 0
    var count = 0
    var absences = 0
  }

  /// Attendance codes, as indices into `codes`.
  private enum Code {
    static let absent = 0
    static let ill = 1
    static let excused = 2
    static let late = 3
    static let exempt = 4
  }

  private mutating func writeClass(_ classIndex: Int) throws {
    let schoolClass = population.classes[classIndex]
    let grade = schoolClass.grade
    let marked = !unmarkedGrades.contains(grade)
    var random = SampleRandom(seed: seed, stream: 0x1_0000_0000 &+ UInt64(classIndex))
    let plan = SampleCurriculum.weeklyHours(grade: grade)
    let subjects = plan.map { Array($0.subject.utf8) }
    let pe = plan.firstIndex { $0.subject == SampleCurriculum.physicalEducation } ?? -1
    let timetable = SampleTimetable(hours: plan.map(\.hours), random: &random)
    let terms = calendar.terms(grade: grade)
    let termCount = terms.count
    let startedTerms = terms.filter { $0.start <= today }.count
    let classID = Array(schoolClass.id.utf8)
    let lessonKinds: [[[Int]]] = plan.map { entry in
      [.ordinary, .check, .control].map { SampleCurriculum.kinds(for: entry.subject, lesson: $0) }
    }

    var pupils: [Pupil] = []
    var ids: [[UInt8]] = []
    var bent: [Double] = []
    for index in schoolClass.students {
      let student = population.students[index]
      ids.append(Array(student.id.utf8))
      pupils.append(
        Pupil(
          left: student.leftOn, ability: student.ability,
          truancy: random.chance(0.05) ? 4 : 1,
          avoided: random.chance(0.015) ? random.below(plan.count) : -1,
          exemptTerm: startedTerms > 0 && random.chance(0.03) ? random.below(startedTerms) : -1))
      for _ in plan { bent.append(0.25 * random.normal()) }
    }
    let subjectCount = plan.count
    var tallies = [Tally](repeating: Tally(), count: pupils.count * subjectCount * termCount)
    var held = [Int](repeating: 0, count: subjectCount * termCount)
    let markChance = plan.map { 0.12 + 0.25 / Double($0.hours) }

    for day in studyDays[grade] {
      let date = day.date
      let dateField = dates[date]
      let lessonsToday = timetable.days[day.weekday - 1]
      for (position, subject) in lessonsToday.enumerated() {
        lessons.raw(classID)
        lessons.raw(subjects[subject])
        lessons.raw(dateField)
        lessons.int(position + 1)
        lessons.endRow()
      }
      guard date <= today else { continue }
      let illness = date.month == 12 || date.month <= 2 ? 0.01 : 0.006
      for p in pupils.indices {
        if pupils[p].illDaysLeft > 0 {
          pupils[p].illDaysLeft -= 1
          pupils[p].ill = true
        } else if random.chance(illness) {
          pupils[p].illDaysLeft = random.within(2...7)
          pupils[p].ill = true
        } else {
          pupils[p].ill = false
        }
      }
      for (position, subject) in lessonsToday.enumerated() {
        let lessonNo = position + 1
        held[subject * termCount + day.term] += 1
        let roll = random.unit()
        let lesson = roll < 0.05 ? 2 : roll < 0.15 ? 1 : 0
        let kinds = lessonKinds[subject][lesson]
        let classKind = random.pick(kinds)
        let subjectField = subjects[subject]
        for p in pupils.indices {
          let pupil = pupils[p]
          if let left = pupil.left, date >= left { continue }
          let tally = (p * subjectCount + subject) * termCount + day.term
          if subject == pe, pupil.exemptTerm == day.term {
            writeAttendance(ids[p], subjectField, dateField, lessonNo, Code.exempt)
            continue
          }
          var code = -1
          if pupil.ill {
            code = Code.ill
          } else {
            let u = random.unit()
            if subject == pupil.avoided {
              if u < 0.55 { code = Code.absent }
            } else if u < 0.008 * pupil.truancy {
              code = Code.absent
            } else if u < 0.011 * pupil.truancy {
              code = Code.excused
            } else if u < 0.011 * pupil.truancy + 0.006 {
              code = Code.late
            }
          }
          if code >= 0 {
            writeAttendance(ids[p], subjectField, dateField, lessonNo, code)
            if code != Code.late {
              tallies[tally].absences += 1
              continue
            }
          }
          guard marked else { continue }
          let given: Bool
          switch lesson {
          case 2: given = true
          case 1: given = random.chance(0.85)
          default: given = random.chance(markChance[subject])
          }
          guard given else { continue }
          let kind = lesson == 0 ? random.pick(kinds) : classKind
          let mean = pupil.ability + bent[p * subjectCount + subject] - (lesson == 2 ? 0.2 : 0)
          let debtChance = lesson == 0 ? (kind == homework ? 0.03 : 0) : 0.015
          writeMark(
            pupil: ids[p], subject: subjectField, date: date, dateField: dateField,
            lessonNo: lessonNo, kind: kind, mean: mean, debtChance: debtChance,
            tally: &tallies[tally], random: &random)
          // A dictation gets two marks (spelling and the task) half the time.
          if kind == dictation, random.chance(0.5) {
            writeMark(
              pupil: ids[p], subject: subjectField, date: date, dateField: dateField,
              lessonNo: lessonNo, kind: kind, mean: mean, debtChance: debtChance,
              tally: &tallies[tally], random: &random)
          }
        }
      }
    }
    guard marked else { return }
    writeFinalMarks(
      grade: grade, ids: ids, pupils: pupils, subjects: subjects, pe: pe, terms: terms,
      tallies: tallies, held: held, random: &random)
  }

  // MARK: - Rows

  private mutating func writeAttendance(
    _ student: [UInt8], _ subject: [UInt8], _ date: [UInt8], _ lessonNo: Int, _ code: Int
  ) {
    attendance.raw(student)
    attendance.raw(subject)
    attendance.raw(date)
    attendance.int(lessonNo)
    attendance.raw(codes[code])
    attendance.endRow()
  }

  private mutating func writeMark(
    pupil: [UInt8], subject: [UInt8], date: LocalDate, dateField: [UInt8], lessonNo: Int,
    kind: Int, mean: Double, debtChance: Double, tally: inout Tally,
    random: inout SampleRandom
  ) {
    let debt = debtChance > 0 && random.chance(debtChance)
    let value = debt ? 6 : min(5, max(2, Int((mean + 0.65 * random.normal()).rounded())))
    var halfWeight = kindWeights[kind]
    marks.prefixed(UInt8(ascii: "m"), nextMark)
    nextMark += 1
    marks.raw(pupil)
    marks.raw(subject)
    marks.raw(dateField)
    marks.raw(kindIDs[kind])
    marks.raw(values[value])
    if random.chance(0.01) {
      let choice = random.pick(overrides.filter { $0.1 != halfWeight })
      halfWeight = choice.1
      marks.raw(choice.0)
    } else {
      marks.empty()
    }
    let counted = !random.chance(0.004)
    if counted { marks.empty() } else { marks.raw(countedNo) }
    // Entered the same day after the lesson, or a few days later in the evening.
    let roll = random.unit()
    let delay = roll < 0.75 ? 0 : roll < 0.87 ? 1 : 2 + random.below(5)
    let entered = min(today, date.adding(days: delay))
    let minutes =
      entered == date
      ? 8 * 60 + (lessonNo - 1) * 55 + 45 + random.below(150)
      : 15 * 60 + random.below(7 * 60)
    marks.raw(entered == date ? dateField : dates[entered])
    marks.continueField(0x20)
    marks.continueField(twoDigits: minutes / 60)
    marks.continueField(0x3A)
    marks.continueField(twoDigits: minutes % 60)
    if random.chance(0.05) { marks.raw(random.pick(comments)) } else { marks.empty() }
    marks.endRow()
    guard !debt, counted else { return }
    tally.weightedSum += halfWeight * value
    tally.halfWeights += halfWeight
    tally.count += 1
  }

  /// Term marks for each term that ended before the export date (`н/а` when more than half
  /// the lessons were missed or nothing was marked, `осв` when exempt), then the year mark
  /// once the year has ended: the rounded mean of the term marks.
  private mutating func writeFinalMarks(
    grade: Int, ids: [[UInt8]], pupils: [Pupil], subjects: [[UInt8]], pe: Int,
    terms: [SampleCalendar.Period], tallies: [Tally], held: [Int], random: inout SampleRandom
  ) {
    let subjectCount = subjects.count
    // Per (pupil, subject): term results, 2…5, 0 = н/а, 1 = осв.
    var results = [[Int]](repeating: [], count: pupils.count * subjectCount)
    for (t, term) in terms.enumerated() where term.end < today {
      let periodID = Array(term.id.utf8)
      let recorded = (0..<subjectCount).map { _ in recordedAt(term.end, random: &random) }
      for (p, pupil) in pupils.enumerated() {
        if let left = pupil.left, left <= term.end { continue }
        for subject in 0..<subjectCount {
          let tally = tallies[(p * subjectCount + subject) * terms.count + t]
          let lessonsHeld = held[subject * terms.count + t]
          let result: Int
          if subject == pe, pupil.exemptTerm == t {
            result = 1
          } else if tally.count == 0 || tally.absences * 2 > lessonsHeld {
            result = 0
          } else {
            result = SampleCurriculum.termMark(
              weightedSum: tally.weightedSum, halfWeights: tally.halfWeights)
          }
          results[p * subjectCount + subject].append(result)
          writeFinal(ids[p], subjects[subject], periodID, result, recorded[subject])
        }
      }
    }
    let year = calendar.year(grade: grade)
    guard year.end < today else { return }
    let periodID = Array(year.id.utf8)
    let recorded = (0..<subjectCount).map { _ in recordedAt(year.end, random: &random) }
    for (p, pupil) in pupils.enumerated() {
      if let left = pupil.left, left <= year.end { continue }
      for subject in 0..<subjectCount {
        let termResults = results[p * subjectCount + subject]
        let numeric = termResults.filter { $0 >= 2 }
        let result: Int
        if !numeric.isEmpty {
          let sum = numeric.reduce(0, +)
          result = (2 * sum + numeric.count) / (2 * numeric.count)
        } else {
          result = termResults.contains(1) ? 1 : 0
        }
        writeFinal(ids[p], subjects[subject], periodID, result, recorded[subject])
      }
    }
  }

  private mutating func writeFinal(
    _ student: [UInt8], _ subject: [UInt8], _ period: [UInt8], _ result: Int, _ recorded: [UInt8]
  ) {
    finalMarks.raw(student)
    finalMarks.raw(subject)
    finalMarks.raw(period)
    switch result {
    case 0: finalMarks.text("н/а")
    case 1: finalMarks.raw(codes[Code.exempt])
    default: finalMarks.raw(values[result])
    }
    finalMarks.raw(recorded)
    finalMarks.endRow()
  }

  /// The teacher closes the term on its last day at 15:00, or the next morning.
  private func recordedAt(_ end: LocalDate, random: inout SampleRandom) -> [UInt8] {
    if random.chance(0.6) { return dates[end] + Array(" 15:00".utf8) }
    let minutes = 9 * 60 + random.below(4 * 60)
    let hh = minutes / 60
    let mm = minutes % 60
    let time = " " + (hh < 10 ? "0" : "") + String(hh) + ":" + (mm < 10 ? "0" : "") + String(mm)
    return dates[end.adding(days: 1)] + Array(time.utf8)
  }
}
