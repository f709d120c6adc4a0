import DiaryRules

/// The paper documents of the sample (`registry.csv`): refusals, annulments and students'
/// consents, chosen so that the requested share of enrolled students has a recipient guardian
/// on the export date (R1), and every document is one the import accepts.
///
/// What keeps every document valid: refusals come only from a guardian whose link is active
/// on the day of signing, for a student enrolled on it; an annulment always follows a refusal
/// of the same (guardian, student); a consent (R2) comes after the student's 14th birthday, from
/// a student with a passport, after a refusal that stays in force.
struct SampleRegistry {
  enum Kind: String {
    case refusal
    case annulment
    case consent = "student_consent"
  }

  struct Document {
    let kind: Kind
    let guardian: Int?
    let student: Int
    let signedOn: LocalDate
    /// Creation order: breaks ties between documents signed the same day.
    let sequence: Int
  }

  /// In registry order: `signed_on`, then creation order.
  private(set) var documents: [Document] = []
  /// The number of enrolled students the registry was built to give a recipient.
  let targetStudents: Int

  private let today: LocalDate
  private let startYear: Int

  init(population: SamplePopulation, calendar: SampleCalendar, options: SampleOptions) {
    let today = calendar.today
    self.today = today
    startYear = calendar.startYear
    var random = SampleRandom(seed: options.seed, stream: 2)
    let students = population.students
    let enrolled = students.reduce(0) { $0 + ($1.isEnrolled(on: today) ? 1 : 0) }
    targetStudents = Int((options.optOutShare * Double(enrolled)).rounded())

    var order = Array(population.families.indices)
    random.shuffle(&order)
    var needed = targetStudents
    for familyIndex in order {
      let family = population.families[familyIndex]
      let current = family.children.filter { students[$0].isEnrolled(on: today) }
      let chosen = Array(current.prefix(min(needed, current.count)))
      needed -= chosen.count
      if !chosen.isEmpty {
        addPaperFamily(family, children: chosen, population: population, random: &random)
      } else if !current.isEmpty, random.chance(0.04) {
        addFormerPaperFamily(family, children: current, population: population, random: &random)
      }
      addHistory(family, population: population, random: &random)
    }
    documents.sort { ($0.signedOn, $0.sequence) < ($1.signedOn, $1.sequence) }
  }

  // MARK: - Families

  /// A family on paper today: one or both active guardians refuse; some annul and refuse
  /// again, some second parents annul while the first stays on paper; some teenagers sign a
  /// consent of their own.
  private mutating func addPaperFamily(
    _ family: SamplePopulation.Family, children: [Int], population: SamplePopulation,
    random: inout SampleRandom
  ) {
    // Never empty: a family's first guardian has no `until`.
    let active = family.guardians.filter { population.guardians[$0].isActive(on: today) }
    guard let first = active.first else { return }
    var refusers = [first]
    if active.count > 1 {
      if random.chance(0.3) {
        refusers.append(active[1])
      } else if random.chance(0.25) {
        refusers = [active[1]]
      }
    }
    let lowestGrade = children.map { population.students[$0].grade }.min() ?? 1
    let yearsBack = min(3, lowestGrade - 1)
    let signedOn = firstRefusalDate(yearsBack: yearsBack, random: &random)
    var lastRefusal: [LocalDate] = []
    for (position, guardian) in refusers.enumerated() {
      let own = min(today, signedOn.adding(days: position == 0 ? 0 : random.below(3)))
      var dates = [own]
      if position == 0, random.chance(0.1),
        let three = distinctDays(3, from: seasonStart(yearsBack > 0 ? 1 : 0), random: &random)
      {
        dates = three
      } else if position > 0, random.chance(0.2), own < today {
        dates = [own, own.adding(days: 1 + random.below(own.days(to: today)))]
      }
      for child in children {
        for (step, date) in dates.enumerated() {
          add(step % 2 == 0 ? .refusal : .annulment, guardian, child, date)
        }
      }
      if dates.count % 2 == 1, let last = dates.last { lastRefusal.append(last) }
    }
    guard let anchor = lastRefusal.min() else { return }
    for child in children {
      let student = population.students[child]
      let fourteen = SamplePopulation.birthday(student.birth, age: 14)
      guard student.passport, fourteen <= today, random.chance(0.3) else { continue }
      let from = max(anchor.adding(days: 1), fourteen)
      guard from <= today else { continue }
      add(.consent, nil, child, from.adding(days: random.below(from.days(to: today) + 1)))
    }
  }

  /// A family that refused and later annulled: back on the electronic diary today.
  private mutating func addFormerPaperFamily(
    _ family: SamplePopulation.Family, children: [Int], population: SamplePopulation,
    random: inout SampleRandom
  ) {
    let lowestGrade = children.map { population.students[$0].grade }.min() ?? 1
    guard let dates = distinctDays(2, from: seasonStart(lowestGrade > 1 ? 1 : 0), random: &random)
    else { return }
    for child in children {
      add(.refusal, family.guardians[0], child, dates[0])
      add(.annulment, family.guardians[0], child, dates[1])
    }
  }

  /// Refusals that no longer give paper: for a student who has since left, or from a guardian
  /// whose link has since ended.
  private mutating func addHistory(
    _ family: SamplePopulation.Family, population: SamplePopulation, random: inout SampleRandom
  ) {
    let september = seasonStart(0)
    for child in family.children {
      guard let left = population.students[child].leftOn, random.chance(0.3),
        september < left
      else { continue }
      add(
        .refusal, family.guardians[0], child,
        september.adding(days: random.below(september.days(to: left))))
    }
    for guardianIndex in family.guardians.dropFirst() {
      guard let until = population.guardians[guardianIndex].until, random.chance(0.3) else {
        continue
      }
      let from = seasonStart(1)
      guard from < until else { continue }
      let date = from.adding(days: random.below(from.days(to: until)))
      for child in family.children where population.students[child].isEnrolled(on: date) {
        add(.refusal, guardianIndex, child, date)
      }
    }
  }

  // MARK: - Dates

  /// 1 September of the school year `yearsBack` years before this one.
  private func seasonStart(_ yearsBack: Int) -> LocalDate {
    LocalDate(dayNumber: SampleCalendar.dayNumber(startYear - yearsBack, 9, 1))
  }

  /// Mostly the first three weeks of this September (never after today); sometimes the
  /// September of an earlier year in which the children were already at school.
  private func firstRefusalDate(yearsBack: Int, random: inout SampleRandom) -> LocalDate {
    if yearsBack > 0, random.chance(0.35) {
      return seasonStart(random.within(1...yearsBack)).adding(days: random.below(45))
    }
    let start = seasonStart(0)
    let end = min(today, start.adding(days: 20))
    return start.adding(days: random.below(start.days(to: end) + 1))
  }

  /// `count` different days from `from` to today, ascending; nil when there are too few days.
  private func distinctDays(_ count: Int, from: LocalDate, random: inout SampleRandom)
    -> [LocalDate]?
  {
    let span = from.days(to: today) + 1
    guard span >= count else { return nil }
    var offsets: [Int] = []
    while offsets.count < count {
      let offset = random.below(span)
      if !offsets.contains(offset) { offsets.append(offset) }
    }
    return offsets.sorted().map { from.adding(days: $0) }
  }

  private mutating func add(_ kind: Kind, _ guardian: Int?, _ student: Int, _ date: LocalDate) {
    documents.append(
      Document(
        kind: kind, guardian: guardian, student: student, signedOn: date,
        sequence: documents.count))
  }

  // MARK: - R1

  /// Enrolled students with at least one recipient guardian on `date`, by DESIGN R1: the
  /// guardian's link is active, the student enrolled, and the latest refusal or annulment of
  /// the pair signed on or before `date` is a refusal.
  func studentsWithRecipient(population: SamplePopulation, on date: LocalDate) -> Int {
    var latest: [Int: Bool] = [:]
    let stride = population.students.count
    for document in documents where document.signedOn <= date {
      guard let guardian = document.guardian, document.kind != .consent else { continue }
      latest[guardian * stride + document.student] = document.kind == .refusal
    }
    var count = 0
    for (index, student) in population.students.enumerated() where student.isEnrolled(on: date) {
      let guardians = population.families[student.family].guardians
      if guardians.contains(where: {
        population.guardians[$0].isActive(on: date) && latest[$0 * stride + index] == true
      }) {
        count += 1
      }
    }
    return count
  }

  // MARK: - Output

  /// `registry.csv`: ids `d…` in registry order, and an incoming-mail number per calendar
  /// year (`вх. № 118`) that grows with the date, as an office's mail log does.
  func write(to writer: CSVWriter, population: SamplePopulation, seed: UInt64) throws {
    var random = SampleRandom(seed: seed, stream: 3)
    let width = max(5, String(documents.count).count)
    var year = 0
    var number = 0
    for (index, document) in documents.enumerated() {
      if document.signedOn.year != year {
        year = document.signedOn.year
        number = random.within(3...40)
      } else {
        number += random.within(1...4)
      }
      let id = String(index + 1)
      try writer.row([
        "d" + String(repeating: "0", count: max(0, width - id.count)) + id,
        document.kind.rawValue,
        document.guardian.map { population.guardians[$0].id },
        population.students[document.student].id,
        document.signedOn.iso,
        "вх. № \(number)",
      ])
    }
  }
}
