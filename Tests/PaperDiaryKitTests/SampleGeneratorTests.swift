import DiaryRules
import Foundation
import PaperDiaryKit
import Testing

/// `paperdiary sample` must write an import set that is reproducible byte for byte and that
/// obeys DESIGN §2 and R1/R2/R7; these tests read the files back as an importer would.
@Suite("SampleGenerator")
struct SampleGeneratorTests {
  static let winter = LocalDate(year: 2026, month: 2, day: 10) ?? LocalDate(dayNumber: 0)

  // MARK: - Reproducibility

  @Test("the same seed and date give the same bytes; another seed does not")
  func deterministic() throws {
    let options = SampleOptions(students: 240, seed: 7, optOutShare: 0.2, today: Self.winter)
    try withSample(options) { first, _ in
      try withSample(options) { second, _ in
        let names = try FileManager.default.contentsOfDirectory(atPath: first.path).sorted()
        #expect(names == Self.fileNames)
        #expect(try FileManager.default.contentsOfDirectory(atPath: second.path).sorted() == names)
        for name in names {
          let a = try Data(contentsOf: first.appendingPathComponent(name))
          let b = try Data(contentsOf: second.appendingPathComponent(name))
          #expect(a == b, "\(name) differs between two runs")
        }
      }
      var other = options
      other.seed = 8
      try withSample(other) { third, _ in
        for name in ["students.csv", "marks.csv", "registry.csv"] {
          let a = try Data(contentsOf: first.appendingPathComponent(name))
          let b = try Data(contentsOf: third.appendingPathComponent(name))
          #expect(a != b, "\(name) is the same for seeds 7 and 8")
        }
      }
    }
  }

  @Test("the summary counts the data rows of every file written")
  func summaryCountsRows() throws {
    let options = SampleOptions(students: 150, seed: 4, optOutShare: 0.3, today: Self.winter)
    try withSample(options) { folder, summary in
      #expect(summary.files.map(\.file).sorted() == Self.fileNames)
      for file in summary.files where file.file.hasSuffix(".csv") {
        let data = try Data(contentsOf: folder.appendingPathComponent(file.file))
        let lines = data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        let quotedBreaks = try readCSV(folder, file.file).count + 1
        #expect(lines == quotedBreaks, "\(file.file) has a line break inside a field")
        #expect(file.rows == lines - 1, "\(file.file)")
      }
    }
  }

  // MARK: - Registry (R1, R2)

  @Test(
    "the share of students with a recipient guardian is the one asked for",
    arguments: [
      0, 0.08, 0.5, 1,
    ])
  func optOutShare(share: Double) throws {
    let options = SampleOptions(students: 300, seed: 11, optOutShare: share, today: Self.winter)
    try withSample(options) { folder, summary in
      let set = try ImportSet(folder)
      let enrolled = set.students.filter { set.isEnrolled($0.key, on: Self.winter) }
      let covered = enrolled.keys.filter { set.hasRecipient($0, on: Self.winter) }
      #expect(summary.enrolledStudents == enrolled.count)
      #expect(summary.studentsWithRecipient == covered.count)
      #expect(covered.count == Int((share * Double(enrolled.count)).rounded()))
      if share == 1 {
        // Every enrolled student has a refusal that no later annulment undid.
        #expect(covered.count == enrolled.count)
      }
    }
  }

  @Test("every registry document is one the import accepts")
  func registryIsValid() throws {
    let options = SampleOptions(students: 600, seed: 3, optOutShare: 0.4, today: Self.winter)
    try withSample(options) { folder, _ in
      let set = try ImportSet(folder)
      var last = ""
      var history: [String: [String]] = [:]
      var kinds: Set<String> = []
      for document in set.registry {
        let signed = try #require(LocalDate(iso: document["signed_on"]))
        #expect(signed <= Self.winter)
        #expect(document["signed_on"] >= last, "registry rows are not in date order")
        last = document["signed_on"]
        kinds.insert(document["kind"])
        let student = document["student_id"]
        #expect(document["document_ref"].hasPrefix("вх. № "))
        switch document["kind"] {
        case "refusal", "annulment":
          let guardian = document["guardian_id"]
          #expect(set.isGuardian(guardian, of: student, on: signed), "\(document)")
          #expect(set.isEnrolled(student, on: signed), "\(document)")
          let key = guardian + "/" + student
          if document["kind"] == "annulment" {
            #expect(history[key]?.last == "refusal", "annulment without refusal: \(document)")
          }
          history[key, default: []].append(document["kind"])
        case "student_consent":
          #expect(document["guardian_id"].isEmpty)
          let row = try #require(set.students[student])
          let birth = try #require(LocalDate(iso: row["birth_date"]))
          #expect(Self.fourteenth(birth) <= signed, "\(document)")
          #expect(row["passport"] == "yes")
          #expect(set.hasRecipient(student, on: signed, documentsBefore: document["doc_id"]))
        default:
          Issue.record("unknown kind \(document["kind"])")
        }
      }
      #expect(kinds == ["refusal", "annulment", "student_consent"])
      #expect(history.values.contains { $0 == ["refusal", "annulment", "refusal"] })
    }
  }

  // MARK: - Journal

  @Test("marks are dated on lessons up to today, with valid values, none in grade 1")
  func marksAreValid() throws {
    let options = SampleOptions(students: 400, seed: 5, optOutShare: 0.1, today: Self.winter)
    try withSample(options) { folder, _ in
      let set = try ImportSet(folder)
      let lessons = Set(
        try readCSV(folder, "lessons.csv").map {
          $0["class_id"] + "|" + $0["subject_id"] + "|" + $0["date"]
        })
      let kinds = Set(try readCSV(folder, "mark_kinds.csv").map { $0["kind_id"] })
      var ids: Set<String> = []
      var subjectsOf: [String: Set<String>] = [:]
      for mark in try readCSV(folder, "marks.csv") {
        #expect(ids.insert(mark["mark_id"]).inserted, "duplicate \(mark["mark_id"])")
        #expect(["2", "3", "4", "5", "."].contains(mark["value"]), "\(mark)")
        #expect(kinds.contains(mark["kind_id"]))
        #expect(["", "no"].contains(mark["counted"]))
        #expect(mark["weight"].isEmpty || Double(mark["weight"]) != nil)
        let date = try #require(LocalDate(iso: mark["date"]))
        #expect(date <= Self.winter, "mark after today: \(mark)")
        #expect(mark["entered_at"].prefix(10) >= mark["date"])
        #expect(mark["entered_at"].prefix(10) <= Self.winter.iso)
        let student = try #require(set.students[mark["student_id"]])
        let classID = student["class_id"]
        #expect(set.grade(ofStudent: mark["student_id"]) != 1, "grade-1 mark: \(mark)")
        #expect(lessons.contains(classID + "|" + mark["subject_id"] + "|" + mark["date"]))
        subjectsOf[mark["student_id"], default: []].insert(mark["subject_id"])
      }
      #expect(ids.count > 1000)
      for (student, subjects) in subjectsOf {
        let grade = set.grade(ofStudent: student)
        for subject in subjects {
          #expect(Self.fits(subject, grade: grade), "\(subject) in grade \(grade)")
        }
      }
      for row in try readCSV(folder, "attendance.csv") {
        let date = try #require(LocalDate(iso: row["date"]))
        #expect(date <= Self.winter)
        #expect(["н", "б", "у", "оп", "осв"].contains(row["code"]))
      }
    }
  }

  @Test("every class's timetable holds only subjects of its grade, 4 to 7 lessons a day")
  func curriculumFitsGrades() throws {
    let options = SampleOptions(students: 700, seed: 9, optOutShare: 0.1, today: Self.winter)
    try withSample(options) { folder, _ in
      let set = try ImportSet(folder)
      var perDay: [String: Int] = [:]
      var perClass: [String: Set<String>] = [:]
      for lesson in try readCSV(folder, "lessons.csv") {
        let grade = try #require(Int(set.classes[lesson["class_id"]]?["grade"] ?? ""))
        #expect(Self.fits(lesson["subject_id"], grade: grade), "\(lesson)")
        perDay[lesson["class_id"] + lesson["date"], default: 0] += 1
        perClass[lesson["class_id"], default: []].insert(lesson["subject_id"])
      }
      #expect(perDay.values.allSatisfy { (4...7).contains($0) })
      #expect(perClass.values.allSatisfy { (8...17).contains($0.count) })
      #expect(Set(set.classes.values.map { $0["grade"] }).count == 11)
    }
  }

  @Test("final marks exist only for periods that ended; none before the first term ends")
  func finalMarks() throws {
    let september = try #require(LocalDate(year: 2025, month: 9, day: 12))
    try withSample(SampleOptions(students: 120, seed: 1, optOutShare: 0.1, today: september)) {
      folder, summary in
      #expect(summary.rows(in: "final_marks.csv") == 0)
      #expect(summary.rows(in: "exam_results.csv") == 0)
      let text = try String(
        contentsOf: folder.appendingPathComponent("final_marks.csv"), encoding: .utf8)
      #expect(text == "student_id,subject_id,period_id,value,recorded_at\n")
    }
    let summer = try #require(LocalDate(year: 2026, month: 7, day: 1))
    try withSample(SampleOptions(students: 300, seed: 1, optOutShare: 0.1, today: summer)) {
      folder, _ in
      let set = try ImportSet(folder)
      let rows = try readCSV(folder, "final_marks.csv")
      let periods = Set(rows.map { $0["period_id"] })
      #expect(periods.isSuperset(of: ["2025-q1", "2025-q4", "2025-h2", "2025-y1-9"]))
      let values = Set(rows.map { $0["value"] })
      #expect(values.isSubset(of: ["2", "3", "4", "5", "н/а", "осв"]))
      #expect(values.isSuperset(of: ["3", "4", "5"]))
      #expect(!rows.contains { set.grade(ofStudent: $0["student_id"]) == 1 })
      let exams = try readCSV(folder, "exam_results.csv").map { $0["exam"] }
      #expect(exams.contains("Итоговое сочинение"))
      #expect(exams.contains("Итоговое собеседование по русскому языку"))
    }
  }

  // MARK: - People (R7)

  @Test("post guardians have an address and a documented contact; names agree in gender")
  func guardiansAndStudents() throws {
    let options = SampleOptions(students: 500, seed: 2, optOutShare: 0.1, today: Self.winter)
    try withSample(options) { folder, _ in
      let set = try ImportSet(folder)
      let guardians = try readCSV(folder, "guardians.csv")
      var deliveries: [String: Int] = [:]
      for guardian in guardians {
        deliveries[guardian["delivery"], default: 0] += 1
        #expect(IDRule.isValid(guardian["guardian_id"]))
        if guardian["delivery"] == "post" {
          #expect(guardian["address"].hasPrefix("628680, "), "\(guardian)")
          #expect(["written", "e_signature"].contains(guardian["contact_source"]))
          #expect(!guardian["contact_document"].isEmpty)
        }
        #expect((guardian["contact_source"] == "none") == guardian["contact_document"].isEmpty)
      }
      #expect(Set(deliveries.keys) == ["student", "in_person", "post"])
      for (id, student) in set.students {
        #expect(IDRule.isValid(id))
        let middle = student["middle_name"]
        if middle.hasSuffix("овна") || middle.hasSuffix("евна") || middle.hasSuffix("ична") {
          #expect(!student["last_name"].hasSuffix("ов"), "\(student)")
        }
        let links = set.links[id] ?? []
        #expect((1...2).contains(links.count))
      }
      for schoolClass in set.classes.values {
        #expect(IDRule.isValid(schoolClass["class_id"]))
      }
    }
  }

  // MARK: - Output folder

  @Test("files are 0600 in a 0700 folder; a non-empty folder is refused")
  func folder() throws {
    let options = SampleOptions(students: 30, seed: 1, optOutShare: 0.5, today: Self.winter)
    try withSample(options) { folder, _ in
      let manager = FileManager.default
      let mode = try manager.attributesOfItem(atPath: folder.path)[.posixPermissions] as? Int
      #expect(mode == 0o700)
      for name in try manager.contentsOfDirectory(atPath: folder.path) {
        let path = folder.appendingPathComponent(name).path
        #expect(try manager.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
      }
      #expect(throws: SampleError.directoryNotEmpty(path: folder.path)) {
        try SampleGenerator.write(options, to: folder)
      }
    }
    #expect(throws: SampleError.self) {
      try SampleGenerator.write(
        SampleOptions(students: 10, seed: 1, optOutShare: 1.5, today: Self.winter),
        to: URL(fileURLWithPath: "/nonexistent/never"))
    }
  }

  // MARK: - Speed, by hand

  /// `PAPERDIARY_SAMPLE_BENCH=100000 swift test -c release --filter SampleGenerator`.
  @Test(
    "generation speed",
    .enabled(if: ProcessInfo.processInfo.environment["PAPERDIARY_SAMPLE_BENCH"] != nil))
  func speed() throws {
    let environment = ProcessInfo.processInfo.environment
    let students = Int(environment["PAPERDIARY_SAMPLE_BENCH"] ?? "") ?? 100_000
    let today = LocalDate(iso: environment["PAPERDIARY_SAMPLE_TODAY"] ?? "") ?? Self.winter
    let options = SampleOptions(students: students, seed: 42, optOutShare: 0.08, today: today)
    let clock = ContinuousClock()
    var summary: SampleSummary?
    let elapsed = try clock.measure {
      try withSample(options) { _, result in summary = result }
    }
    let seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let marks = summary?.rows(in: "marks.csv") ?? 0
    let rows = summary?.totalRows ?? 0
    print(
      "sample: \(students) students, \(marks) marks, \(rows) rows in \(seconds) s:",
      "\(Int(Double(marks) / seconds)) marks/s, \(Int(Double(rows) / seconds)) rows/s")
  }

  // MARK: - Helpers

  static let fileNames = [
    "attendance.csv", "classes.csv", "exam_results.csv", "final_marks.csv", "guardians.csv",
    "holidays.csv", "lessons.csv", "mark_kinds.csv", "marks.csv", "periods.csv",
    "registry.csv", "school.toml", "student_guardians.csv", "students.csv", "study_dates.csv",
    "subjects.csv",
  ]

  /// The grades each subject may be taught in, as the brief for the sample lists them.
  static let gradesOfSubject: [String: ClosedRange<Int>] = [
    "rus": 1...11, "litread": 1...4, "lit": 5...11, "eng": 2...11, "math": 1...6,
    "alg": 7...9, "alg-an": 10...11, "geom": 7...11, "prob": 7...11, "inf": 7...11,
    "hist": 5...11, "soc": 6...11, "geo": 5...11, "world": 1...4, "bio": 5...11,
    "phys": 7...11, "chem": 8...11, "orkse": 4...4, "music": 1...8, "art": 1...7,
    "tech": 1...8, "obzr": 8...11, "pe": 1...11, "project": 10...11,
  ]

  /// The 14th birthday (R2: born 29 February, 1 March in non-leap years).
  static func fourteenth(_ birth: LocalDate) -> LocalDate {
    LocalDate(year: birth.year + 14, month: birth.month, day: birth.day)
      ?? LocalDate(year: birth.year + 14, month: 3, day: 1) ?? birth
  }

  static func fits(_ subject: String, grade: Int) -> Bool {
    gradesOfSubject[subject]?.contains(grade) ?? false
  }

  /// Runs `body` on a freshly generated sample in a temporary folder, removed afterwards.
  func withSample(
    _ options: SampleOptions, _ body: (URL, SampleSummary) throws -> Void
  ) throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("paperdiary-sample-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let summary = try SampleGenerator.write(options, to: folder)
    try body(folder, summary)
  }
}

// MARK: - Reading the set back

/// One CSV record, read by column name.
struct CSVRecord: CustomStringConvertible {
  let columns: [String: Int]
  let fields: [String]

  subscript(column: String) -> String {
    guard let index = columns[column], index < fields.count else { return "" }
    return fields[index]
  }

  var description: String { fields.joined(separator: ",") }
}

/// Parses an RFC 4180 file with a header row; fields may be quoted, with `""` for a quote.
func readCSV(_ folder: URL, _ name: String) throws -> [CSVRecord] {
  let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
  var records: [[String]] = []
  var record: [String] = []
  var field = ""
  var quoted = false
  var iterator = text.unicodeScalars.makeIterator()
  var pending: Unicode.Scalar?
  while let scalar = pending ?? iterator.next() {
    pending = nil
    if quoted {
      if scalar == "\"" {
        let next = iterator.next()
        if next == "\"" {
          field.unicodeScalars.append("\"")
        } else {
          quoted = false
          pending = next
        }
      } else {
        field.unicodeScalars.append(scalar)
      }
      continue
    }
    switch scalar {
    case "\"": quoted = true
    case ",":
      record.append(field)
      field = ""
    case "\n":
      record.append(field)
      records.append(record)
      record = []
      field = ""
    default: field.unicodeScalars.append(scalar)
    }
  }
  guard let header = records.first else { return [] }
  let columns = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
  return records.dropFirst().map { CSVRecord(columns: columns, fields: $0) }
}

/// The roll and registry of a generated set, with R1 evaluated from the files alone.
struct ImportSet {
  let classes: [String: CSVRecord]
  let students: [String: CSVRecord]
  /// student_id → its `student_guardians.csv` rows.
  let links: [String: [CSVRecord]]
  let registry: [CSVRecord]

  init(_ folder: URL) throws {
    classes = Dictionary(
      uniqueKeysWithValues: try readCSV(folder, "classes.csv").map { ($0["class_id"], $0) })
    students = Dictionary(
      uniqueKeysWithValues: try readCSV(folder, "students.csv").map { ($0["student_id"], $0) })
    links = Dictionary(grouping: try readCSV(folder, "student_guardians.csv")) {
      $0["student_id"]
    }
    registry = try readCSV(folder, "registry.csv")
  }

  func grade(ofStudent id: String) -> Int {
    Int(classes[students[id]?["class_id"] ?? ""]?["grade"] ?? "") ?? 0
  }

  func isEnrolled(_ student: String, on date: LocalDate) -> Bool {
    guard let left = LocalDate(iso: students[student]?["left_on"] ?? "") else { return true }
    return left > date
  }

  func isGuardian(_ guardian: String, of student: String, on date: LocalDate) -> Bool {
    guard let link = links[student]?.first(where: { $0["guardian_id"] == guardian }) else {
      return false
    }
    guard let until = LocalDate(iso: link["until"]) else { return true }
    return until > date
  }

  /// R1: some guardian of `student` is a recipient on `date`, counting the registry rows
  /// before `documentsBefore` (all rows when nil).
  func hasRecipient(_ student: String, on date: LocalDate, documentsBefore: String? = nil)
    -> Bool
  {
    guard isEnrolled(student, on: date) else { return false }
    var latest: [String: String] = [:]
    for document in registry {
      if document["doc_id"] == documentsBefore { break }
      guard document["student_id"] == student, document["kind"] != "student_consent",
        let signed = LocalDate(iso: document["signed_on"]), signed <= date
      else { continue }
      latest[document["guardian_id"]] = document["kind"]
    }
    return latest.contains { guardian, kind in
      kind == "refusal" && isGuardian(guardian, of: student, on: date)
    }
  }
}
