import DiaryRules

/// The people of the sample school: classes, students, their families and guardians.
///
/// Students are spread over the grades the way a Russian school's roll looks (fewer in 10–11),
/// about 25 to a class. Children are grouped into families first, so siblings in different
/// grades share a surname, a patronymic and their guardians; names agree in gender, and birth
/// dates agree with the grade. Everything is drawn from one random stream in a fixed order.
struct SamplePopulation {
  struct SchoolClass {
    let id: String
    let name: String
    let grade: Int
    let teacher: String
    /// Indices into `students`: a class's students are contiguous.
    var students: Range<Int>
  }

  struct Student {
    var id: String
    let classIndex: Int
    let grade: Int
    var female: Bool
    var lastName: String
    var firstName: String
    var middleName: String?
    var birth: LocalDate
    var passport: Bool
    var leftOn: LocalDate?
    var family: Int
    /// The mark (2…5 scale) this student's work tends to; see `SampleJournal`.
    var ability: Double

    /// Enrolled on `date` (DESIGN R1: `left_on` empty or after the date).
    func isEnrolled(on date: LocalDate) -> Bool {
      leftOn.map { $0 > date } ?? true
    }
  }

  enum Role: String {
    case mother = "мать"
    case father = "отец"
    case grandmother = "бабушка"
    case custodian = "опекун"
  }

  struct Guardian {
    let id: String
    let role: Role
    let lastName: String
    let firstName: String
    let middleName: String?
    let delivery: String
    let address: String?
    let contactSource: String
    let contactDocument: String?
    /// The last day before which this guardian's links end (`until`), for every child.
    let until: LocalDate?

    /// A guardian of the family's children on `date` (R1: `until` empty or after the date).
    func isActive(on date: LocalDate) -> Bool {
      until.map { $0 > date } ?? true
    }
  }

  struct Family {
    /// The children's surname in the masculine form.
    var surname: String
    /// The children's father's name, which their patronymic comes from.
    var father: SampleNames.FatherName
    var children: [Int]
    /// Indices into `guardians`; the first one's links never end.
    var guardians: [Int]
  }

  private(set) var classes: [SchoolClass] = []
  private(set) var students: [Student] = []
  private(set) var guardians: [Guardian] = []
  private(set) var families: [Family] = []

  private static let letters: [(letter: String, latin: String)] = [
    ("А", "a"), ("Б", "b"), ("В", "v"), ("Г", "g"), ("Д", "d"), ("Е", "e"), ("Ж", "zh"),
    ("И", "i"), ("К", "k"), ("Л", "l"), ("М", "m"), ("Н", "n"), ("О", "o"), ("П", "p"),
    ("Р", "r"), ("С", "s"), ("Т", "t"), ("У", "u"), ("Ф", "f"), ("Х", "kh"), ("Ц", "ts"),
    ("Ч", "ch"), ("Ш", "sh"), ("Э", "ee"), ("Ю", "yu"), ("Я", "ya"),
  ]

  /// Relative sizes of grades 1…11: the roll thins a little each year and halves after 9.
  private static let gradeWeights = [108, 106, 104, 102, 100, 99, 98, 96, 94, 52, 46]

  init(options: SampleOptions, calendar: SampleCalendar) {
    var random = SampleRandom(seed: options.seed, stream: 1)
    makeClasses(count: options.students, random: &random)
    makeFamilies(random: &random)
    makeStudents(calendar: calendar, random: &random)
    makeGuardians(calendar: calendar, random: &random)
  }

  // MARK: - Classes

  private mutating func makeClasses(count: Int, random: inout SampleRandom) {
    let total = Self.gradeWeights.reduce(0, +)
    var perGrade = Self.gradeWeights.map { count * $0 / total }
    let order = (0..<11).sorted {
      let a = count * Self.gradeWeights[$0] % total
      let b = count * Self.gradeWeights[$1] % total
      return a != b ? a > b : $0 < $1
    }
    var missing = count - perGrade.reduce(0, +)
    for grade in order where missing > 0 {
      perGrade[grade] += 1
      missing -= 1
    }
    var next = 0
    for (index, size) in perGrade.enumerated() where size > 0 {
      let grade = index + 1
      var classCount = max(1, (size + 12) / 25)
      while (size + classCount - 1) / classCount > 30 { classCount += 1 }
      for k in 0..<classCount {
        let classSize = size / classCount + (k < size % classCount ? 1 : 0)
        let letter = Self.letters[k % Self.letters.count]
        let cycle = k / Self.letters.count
        let suffix = cycle == 0 ? "" : String(cycle + 1)
        let gradeText = grade < 10 ? "0\(grade)" : String(grade)
        classes.append(
          SchoolClass(
            id: "c" + gradeText + letter.latin + suffix,
            name: String(grade) + letter.letter + suffix,
            grade: grade,
            teacher: Self.teacherName(random: &random),
            students: next..<(next + classSize)))
        next += classSize
      }
    }
  }

  private static func teacherName(random: inout SampleRandom) -> String {
    let female = random.chance(0.86)
    let surname = SampleNames.surname(random.pick(SampleNames.surnames), female: female)
    let father = random.pick(SampleNames.fathers)
    let first = female ? random.pick(SampleNames.mothers) : random.pick(SampleNames.fathers).name
    return surname + " " + first + " " + (female ? father.daughters : father.sons)
  }

  // MARK: - Families

  /// Groups the places of the roll into families: most have one child in the school, some two
  /// or three, always in different grades.
  private mutating func makeFamilies(random: inout SampleRandom) {
    var gradeOfPlace: [Int] = []
    var classOfPlace: [Int] = []
    for (index, schoolClass) in classes.enumerated() {
      for _ in schoolClass.students {
        gradeOfPlace.append(schoolClass.grade)
        classOfPlace.append(index)
      }
    }
    var order = Array(gradeOfPlace.indices)
    random.shuffle(&order)
    var familyOf = [Int](repeating: -1, count: gradeOfPlace.count)
    for (position, place) in order.enumerated() where familyOf[place] < 0 {
      let family = families.count
      familyOf[place] = family
      var children = [place]
      var grades = [gradeOfPlace[place]]
      var wanted = [0, 0, 1, 2][random.weighted([70, 12, 15, 3])]
      var scan = position + 1
      while wanted > 0, scan < min(order.count, position + 80) {
        let other = order[scan]
        scan += 1
        guard familyOf[other] < 0, !grades.contains(gradeOfPlace[other]) else { continue }
        familyOf[other] = family
        children.append(other)
        grades.append(gradeOfPlace[other])
        wanted -= 1
      }
      families.append(
        Family(
          surname: "", father: SampleNames.fathers[0], children: children.sorted(),
          guardians: []))
    }
    students.reserveCapacity(gradeOfPlace.count)
    for place in gradeOfPlace.indices {
      students.append(
        Student(
          id: "", classIndex: classOfPlace[place], grade: gradeOfPlace[place], female: false,
          lastName: "", firstName: "", middleName: nil, birth: LocalDate(dayNumber: 0),
          passport: false, leftOn: nil, family: familyOf[place], ability: 4))
    }
  }

  // MARK: - Students

  private mutating func makeStudents(calendar: SampleCalendar, random: inout SampleRandom) {
    let width = max(5, String(students.count).count)
    let today = calendar.today
    let y = calendar.startYear
    let firstDay = calendar.quarters[0].start
    for family in families.indices {
      let surname = random.pick(SampleNames.surnames)
      families[family].surname = surname
      let father = random.pick(SampleNames.fathers)
      families[family].father = father
      let hasPatronymic = random.chance(0.97)
      for child in families[family].children {
        var student = students[child]
        let female = random.chance(0.49)
        student.female = female
        student.lastName = SampleNames.surname(surname, female: female)
        student.firstName = random.pick(female ? SampleNames.girls : SampleNames.boys)
        student.middleName = hasPatronymic ? (female ? father.daughters : father.sons) : nil
        // Grade g in the year starting 1 Sept y: born 1 Sept (y-7-g) … 31 Aug (y-6-g).
        let from = LocalDate(dayNumber: SampleCalendar.dayNumber(y - 7 - student.grade, 9, 1))
        let to = LocalDate(dayNumber: SampleCalendar.dayNumber(y - 6 - student.grade, 8, 31))
        var birth = from.adding(days: random.below(from.days(to: to) + 1))
        switch random.weighted([94, 5, 1]) {
        case 1: birth = from.adding(days: -random.within(1...180))
        case 2: birth = to.adding(days: random.within(1...90))
        default: break
        }
        student.birth = birth
        let fourteen = Self.birthday(birth, age: 14)
        student.passport =
          fourteen <= today && !(fourteen.days(to: today) < 45 && random.chance(0.3))
        student.ability = min(5.8, max(3.0, 4.15 + 0.55 * random.normal()))
        if firstDay.days(to: today) >= 21, random.chance(0.01) {
          let span = firstDay.adding(days: 14).days(to: today)
          student.leftOn = SampleCalendar.weekdayOnOrBefore(
            firstDay.adding(days: 14 + random.below(span)))
        }
        students[child] = student
      }
    }
    for index in students.indices {
      let number = String(index + 1)
      students[index].id = "s" + String(repeating: "0", count: width - number.count) + number
    }
  }

  /// The day a person born on `birth` turns `age` (born 29 February: 1 March in other years).
  static func birthday(_ birth: LocalDate, age: Int) -> LocalDate {
    let (year, month, day) = birth.components
    if let date = LocalDate(year: year + age, month: month, day: day) { return date }
    return LocalDate(dayNumber: SampleCalendar.dayNumber(year + age, 3, 1))
  }

  // MARK: - Guardians

  private mutating func makeGuardians(calendar: SampleCalendar, random: inout SampleRandom) {
    let width = max(5, String(students.count * 2).count)
    for family in families.indices {
      let address = Self.address(random: &random)
      let roles: [Role]
      switch random.weighted([58, 28, 5, 4, 3, 2]) {
      case 0: roles = [.mother, .father]
      case 1: roles = [.mother]
      case 2: roles = [.father]
      case 3: roles = [.mother, .grandmother]
      case 4: roles = [.grandmother]
      default: roles = [.custodian]
      }
      for (position, role) in roles.enumerated() {
        var until: LocalDate?
        if position > 0, random.chance(0.025) {
          let from = LocalDate(dayNumber: SampleCalendar.dayNumber(calendar.startYear - 1, 9, 1))
          until = from.adding(days: random.below(from.days(to: calendar.today)))
        }
        let number = String(guardians.count + 1)
        let id = "g" + String(repeating: "0", count: max(0, width - number.count)) + number
        families[family].guardians.append(guardians.count)
        guardians.append(
          Self.guardian(
            id: id, role: role, family: families[family], address: address, until: until,
            calendar: calendar, random: &random))
      }
    }
  }

  private static func guardian(
    id: String, role: Role, family: Family, address: String, until: LocalDate?,
    calendar: SampleCalendar, random: inout SampleRandom
  ) -> Guardian {
    let female: Bool
    let first: String
    var surname = family.surname
    switch role {
    case .mother:
      female = true
      first = random.pick(SampleNames.mothers)
      if random.chance(0.15) { surname = random.pick(SampleNames.surnames) }
    case .father:
      female = false
      first = family.father.name
    case .grandmother:
      female = true
      first = random.pick(SampleNames.grandmothers)
      if random.chance(0.4) { surname = random.pick(SampleNames.surnames) }
    case .custodian:
      female = random.chance(0.8)
      first = female ? random.pick(SampleNames.mothers) : random.pick(SampleNames.fathers).name
      surname = random.pick(SampleNames.surnames)
    }
    let grandfather = random.pick(SampleNames.fathers)
    let middle = random.chance(0.98) ? (female ? grandfather.daughters : grandfather.sons) : nil
    let delivery = ["student", "in_person", "post"][random.weighted([55, 30, 15])]
    let source: String
    if delivery == "post" {
      source = random.chance(0.75) ? "written" : "e_signature"
    } else {
      source = ["none", "written", "e_signature"][random.weighted([50, 40, 10])]
    }
    let document: String? =
      source == "none" ? nil : contactDocument(source: source, calendar: calendar, random: &random)
    let hasAddress = delivery == "post" || random.chance(0.35)
    return Guardian(
      id: id, role: role, lastName: SampleNames.surname(surname, female: female),
      firstName: first, middleName: middle, delivery: delivery,
      address: hasAddress ? address : nil, contactSource: source, contactDocument: document,
      until: until)
  }

  /// `заявление вх. № 57 от 02.09.2025`: handed in around the start of this or an earlier year.
  private static func contactDocument(
    source: String, calendar: SampleCalendar, random: inout SampleRandom
  ) -> String {
    let year = calendar.startYear - (random.chance(0.75) ? 0 : random.within(1...3))
    let from = LocalDate(dayNumber: SampleCalendar.dayNumber(year, 8, 25))
    var to = LocalDate(dayNumber: SampleCalendar.dayNumber(year, 9, 30))
    if to > calendar.today { to = calendar.today }
    let date = from.adding(days: random.below(from.days(to: to) + 1))
    let number = random.within(1...420)
    if source == "e_signature" {
      return "электронное заявление № \(number) от \(date.russian) (ЭП)"
    }
    return "заявление вх. № \(number) от \(date.russian)"
  }

  /// A Мегион address with the postcode first, as Russian Post expects.
  private static func address(random: inout SampleRandom) -> String {
    let street = random.pick(SampleNames.streets)
    let house = random.within(street.houses)
    var text = SampleNames.postcode + ", " + SampleNames.town + ", " + street.name + ", д. "
    text += String(house)
    if random.chance(0.1) { text += ["а", "б", "/1"][random.below(3)] }
    if random.chance(0.85) { text += ", кв. " + String(random.within(1...120)) }
    return text
  }

  // MARK: - Links

  /// `student_guardians.csv` rows, student by student.
  var links: [(student: Int, guardian: Int)] {
    var result: [(student: Int, guardian: Int)] = []
    result.reserveCapacity(students.count * 2)
    for (index, student) in students.enumerated() {
      for guardian in families[student.family].guardians {
        result.append((index, guardian))
      }
    }
    return result
  }
}
