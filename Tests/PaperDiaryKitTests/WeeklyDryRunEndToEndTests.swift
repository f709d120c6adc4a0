import Foundation
import Testing

@testable import PaperDiaryKit

/// End to end: `weekly --dry-run --json` over a generated `sample` set, compared with figures
/// computed here, independently, from the set's CSV files and `school.toml` (DESIGN §1 R1/R3,
/// §3, §5). Nothing below asks the store or the library's rules: only Foundation and the files.
@Suite("WeeklyDryRun: the manifest agrees with figures computed from the CSV files")
struct WeeklyDryRunEndToEndTests {
  /// A folder in the system's temporary directory, removed when the test ends.
  final class Scratch {
    let url: URL
    init() throws { url = try OutputFolder.makeTemporary(prefix: "paperdiary-weekly-e2e") }
    deinit { try? FileManager.default.removeItem(at: url) }
  }

  // MARK: - The test

  /// Mid-term Friday; a Friday a week before the end of II четверть / I полугодие;
  /// and a Wednesday of the grade-1 extra holiday week (grade 1 has no study day in it: R3).
  @Test(arguments: ["2026-11-13", "2026-12-18", "2027-02-17"])
  func dryRunManifestMatchesTheCSVFiles(today: String) throws {
    let scratch = try Scratch()
    let set = scratch.url.appendingPathComponent("set")
    _ = try SampleWorkflow.run(
      students: 150, seed: 11, optOutShare: 0.4, out: set.path, today: today)
    let store = scratch.url.appendingPathComponent("grades.sqlite").path
    _ = try StoreWorkflows.initialize(store: store)
    _ = try StoreWorkflows.importSet(set.path, store: store, replace: false)

    let week = try #require(Self.isoWeek(of: today))
    var options = WeeklyWorkflow.Options(store: store)
    options.dryRun = true
    options.week = week.name
    options.asOf = today
    let manifest = try WeeklyWorkflow.run(options)
    let text = manifest.json.rendered()
    let root = try #require(
      try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])

    let expected = try Expected(set: set, asOf: today, weekDays: week.days)

    // The header of §5.
    #expect(root["week"] as? String == week.name)
    #expect(root["week_start"] as? String == week.days.first)
    #expect(root["week_end"] as? String == week.days.last)
    #expect(root["as_of"] as? String == today)
    #expect((root["skipped"] as? [Any])?.isEmpty == true, "a fresh store has issued nothing")
    #expect((root["failed"] as? [Any])?.isEmpty == true)
    #expect((root["print_files"] as? [Any])?.isEmpty == true)
    #expect((root["register_files"] as? [Any])?.isEmpty == true)

    let sheets = try #require(root["sheets"] as? [[String: Any]])

    // Recipients (R1, filtered by R3: the student's grade has a study day in the week).
    let got = sheets.map {
      Pair(
        guardian: $0["guardian_id"] as? String ?? "?",
        student: $0["student_id"] as? String ?? "?")
    }
    #expect(Set(got).count == got.count, "a (guardian, student) pair appears twice")
    let missing = expected.recipients.subtracting(got).sorted()
    let extra = Set(got).subtracting(expected.recipients).sorted()
    #expect(missing.isEmpty, "\(today): recipients without a sheet: \(missing)")
    #expect(extra.isEmpty, "\(today): sheets for non-recipients: \(extra)")
    #expect(!expected.recipients.isEmpty, "the case must have recipients to compare")

    // Print order (R10): grades never go backwards.
    let grades = sheets.map { expected.classGrade[$0["class_id"] as? String ?? ""] ?? -1 }
    #expect(grades == grades.sorted(), "\(today): sheets are not in grade order: \(grades)")

    var comparedWithMarks = 0
    for sheet in sheets {
      let studentID = sheet["student_id"] as? String ?? "?"
      let guardianID = sheet["guardian_id"] as? String ?? "?"
      let at = "\(today) \(guardianID)/\(studentID)"
      #expect(sheet["kind"] as? String == "weekly", "\(at)")
      for key in ["issue_id", "file", "sha256", "pages", "replaces"] {
        #expect(sheet[key] is NSNull, "\(at): \(key) must be null in a dry run")
      }
      guard let student = expected.students[studentID] else {
        Issue.record("\(at): unknown student")
        continue
      }
      #expect(sheet["class_id"] as? String == student.classID, "\(at): class_id")
      let grade = expected.classGrade[student.classID] ?? -1
      let period = expected.period(grade: grade)
      #expect(Self.optString(sheet["period_id"]) == period?.id, "\(at): period_id")
      guard let period else { continue }

      let subjects = sheet["subjects"] as? [[String: Any]] ?? []
      let listed = subjects.map { $0["subject_id"] as? String ?? "?" }
      let wantListed = expected.listedSubjects(student: studentID, period: period)
      #expect(listed == wantListed, "\(at): subjects listed \(listed), expected \(wantListed)")

      let unmarked = expected.unmarkedGrades.contains(grade)
      for subject in subjects {
        let subjectID = subject["subject_id"] as? String ?? "?"
        let here = "\(at) \(subjectID)"
        let want = expected.figures(student: studentID, subject: subjectID, period: period)
        #expect(Self.optInt(subject["absences"]) == want.absences, "\(here): absences")
        if unmarked || want.n == 0 {
          if unmarked {
            #expect(subject["marks"] is NSNull, "\(here): marks must be null (unmarked grade)")
          } else {
            #expect(Self.optInt(subject["marks"]) == 0, "\(here): marks")
          }
          #expect(subject["average"] is NSNull, "\(here): average must be null")
          #expect(subject["average_text"] is NSNull, "\(here): average_text must be null")
          #expect(subject["projected"] is NSNull, "\(here): projected must be null")
          continue
        }
        comparedWithMarks += 1
        #expect(Self.optInt(subject["marks"]) == want.n, "\(here): marks")
        // Compare the average in units of 1e-4, both sides exact integers.
        let average = (subject["average"] as? NSNumber).map {
          Int(($0.doubleValue * 10_000).rounded())
        }
        let exact = "Sum·1e4=\(want.sum), W·1e4=\(want.weight)"
        #expect(
          average == want.averageE4,
          "\(here): average ×1e4 \(String(describing: average)), expected \(want.averageE4) (\(exact))"
        )
        #expect(
          subject["average_text"] as? String == want.averageText,
          "\(here): average_text, expected \(want.averageText) (\(exact))")
        #expect(
          Self.optInt(subject["projected"]) == want.projected,
          "\(here): projected, expected \(want.projected) (\(exact))")
      }
    }
    #expect(comparedWithMarks > 0, "the case must have subjects with marks to compare")
  }

  // MARK: - Independent figures from the CSV files

  struct Pair: Hashable, Comparable, CustomStringConvertible {
    let guardian: String
    let student: String
    static func < (a: Pair, b: Pair) -> Bool { (a.guardian, a.student) < (b.guardian, b.student) }
    var description: String { "\(guardian)/\(student)" }
  }

  struct Student {
    let classID: String
    let leftOn: String?
  }

  struct Period {
    let id: String
    let start: String
    let end: String
  }

  struct Figures {
    var n = 0
    /// Σw and Σw·v, weights scaled by 10 000 (weights have at most 4 decimals).
    var weight = 0
    var sum = 0
    var absences = 0
    var averageE4 = 0
    var averageText = ""
    var projected = 0
  }

  struct Mark {
    let student: String
    let subject: String
    let date: String
    let value: Int?  // nil: a debt `.`
    let weightE4: Int
    let counted: Bool
  }

  struct Expected {
    let asOf: String
    let students: [String: Student]
    let classGrade: [String: Int]
    let unmarkedGrades: Set<Int>
    let thresholdsE1: [(mark: Int, t: Int)]
    let lowMark: Int
    let subjectOrder: [String]
    let terms: [(period: Period, grades: Set<Int>)]
    /// Rows grouped by student (marks, attendance) and by class (lessons), in file order.
    let marks: [String: [Mark]]
    let attendance: [String: [(student: String, subject: String, date: String, code: String)]]
    let lessons: [String: [(classID: String, subject: String, date: String)]]
    let recipients: Set<Pair>

    init(set: URL, asOf: String, weekDays: [String]) throws {
      self.asOf = asOf
      func table(_ name: String) throws -> [[String: String]] {
        try WeeklyDryRunEndToEndTests.csv(set.appendingPathComponent(name))
      }
      let toml = try String(contentsOf: set.appendingPathComponent("school.toml"), encoding: .utf8)
      let grading = WeeklyDryRunEndToEndTests.tomlSection(toml, "grading")
      let top = WeeklyDryRunEndToEndTests.tomlSection(toml, nil)

      var classGrade: [String: Int] = [:]
      for row in try table("classes.csv") {
        let id = row["class_id"] ?? ""
        if let g = Int(row["grade"] ?? "") {
          classGrade[id] = g
        } else {
          classGrade[id] = Int(String((row["name"] ?? "").prefix { $0.isNumber }))
        }
      }
      self.classGrade = classGrade

      var students: [String: Student] = [:]
      for row in try table("students.csv") {
        students[row["student_id"] ?? ""] = Student(
          classID: row["class_id"] ?? "", leftOn: WeeklyDryRunEndToEndTests.date(row["left_on"]))
      }
      self.students = students

      // school.toml, read simply.
      let markValues = WeeklyDryRunEndToEndTests.integers(grading["marks"] ?? "")
      lowMark = try #require(markValues.min())
      unmarkedGrades = Set(WeeklyDryRunEndToEndTests.integers(grading["unmarked_grades"] ?? "[1]"))
      var thresholds: [(Int, Int)] = []
      let inner = (grading["thresholds"] ?? "").trimmingCharacters(
        in: CharacterSet(charactersIn: "{} "))
      for item in inner.split(separator: ",") {
        let parts = item.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
        let mark = try #require(Int(parts[0]))
        thresholds.append(
          (mark, try #require(WeeklyDryRunEndToEndTests.scaled(parts[1], digits: 1))))
      }
      thresholdsE1 = thresholds.sorted { $0.0 < $1.0 }.map { (mark: $0.0, t: $0.1) }
      let dayNames = Set(
        (top["study_days"] ?? "").split(whereSeparator: { "[], \"".contains($0) }).map {
          $0.lowercased()
        })

      subjectOrder = try table("subjects.csv").map { $0["subject_id"] ?? "" }

      // Periods: terms only, with the grades they cover.
      func gradeSet(_ text: String?) -> Set<Int> {
        let text = (text ?? "").trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return Set(1...11) }
        var out = Set<Int>()
        for token in text.split(separator: " ") {
          let bounds = token.split(separator: "-").compactMap { Int($0) }
          if bounds.count == 2 {
            out.formUnion(bounds[0]...bounds[1])
          } else if let g = bounds.first {
            out.insert(g)
          }
        }
        return out
      }
      var terms: [(period: Period, grades: Set<Int>)] = []
      for row in try table("periods.csv")
      where (row["kind"] ?? "").isEmpty || row["kind"]?.lowercased() == "term" {
        terms.append(
          (
            Period(
              id: row["period_id"] ?? "", start: WeeklyDryRunEndToEndTests.date(row["start"]) ?? "",
              end: WeeklyDryRunEndToEndTests.date(row["end"]) ?? ""),
            gradeSet(row["grades"])
          ))
      }
      self.terms = terms

      // Which grades have a study day in the week (R3).
      let holidays = try table("holidays.csv").map {
        (
          start: WeeklyDryRunEndToEndTests.date($0["start"]) ?? "",
          end: WeeklyDryRunEndToEndTests.date($0["end"]) ?? "", grades: gradeSet($0["grades"])
        )
      }
      let studyDates = try table("study_dates.csv").map {
        (date: WeeklyDryRunEndToEndTests.date($0["date"]) ?? "", grades: gradeSet($0["grades"]))
      }
      let weekdayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
      var studyingGrades = Set<Int>()
      for grade in 1...11 {
        for (i, day) in weekDays.enumerated() {
          let regular = dayNames.contains(weekdayNames[i])
          let extra = studyDates.contains { $0.date == day && $0.grades.contains(grade) }
          let inTerm = terms.contains {
            $0.grades.contains(grade) && $0.period.start <= day && day <= $0.period.end
          }
          let holiday = holidays.contains {
            $0.grades.contains(grade) && $0.start <= day && day <= $0.end
          }
          if (regular || extra) && inTerm && !holiday { studyingGrades.insert(grade) }
        }
      }

      // R1: the latest refusal/annulment per (G, S) signed on or before as-of, ties by file order.
      var latest: [Pair: (date: String, index: Int, kind: String)] = [:]
      for (index, row) in try table("registry.csv").enumerated() {
        let kind = (row["kind"] ?? "").lowercased()
        guard kind == "refusal" || kind == "annulment",
          let signed = WeeklyDryRunEndToEndTests.date(row["signed_on"]), signed <= asOf
        else { continue }
        let pair = Pair(guardian: row["guardian_id"] ?? "", student: row["student_id"] ?? "")
        if let known = latest[pair], (known.date, known.index) > (signed, index) { continue }
        latest[pair] = (signed, index, kind)
      }
      var linked = Set<Pair>()
      for row in try table("student_guardians.csv") {
        let until = WeeklyDryRunEndToEndTests.date(row["until"])
        if let until, until <= asOf { continue }
        linked.insert(Pair(guardian: row["guardian_id"] ?? "", student: row["student_id"] ?? ""))
      }
      var recipients = Set<Pair>()
      for (pair, doc) in latest where doc.kind == "refusal" && linked.contains(pair) {
        guard let student = students[pair.student] else { continue }
        if let left = student.leftOn, left <= asOf { continue }
        guard let grade = classGrade[student.classID], studyingGrades.contains(grade) else {
          continue
        }
        recipients.insert(pair)
      }
      self.recipients = recipients

      // Marks: own weight, else the kind's.
      var kindWeight: [String: Int] = [:]
      for row in try table("mark_kinds.csv") {
        kindWeight[row["kind_id"] ?? ""] = WeeklyDryRunEndToEndTests.scaled(
          row["weight"] ?? "", digits: 4)
      }
      var marks: [Mark] = []
      for row in try table("marks.csv") {
        let value = (row["value"] ?? "").trimmingCharacters(in: .whitespaces)
        let own = (row["weight"] ?? "").trimmingCharacters(in: .whitespaces)
        let weight =
          own.isEmpty
          ? kindWeight[row["kind_id"] ?? ""] : WeeklyDryRunEndToEndTests.scaled(own, digits: 4)
        marks.append(
          Mark(
            student: row["student_id"] ?? "", subject: row["subject_id"] ?? "",
            date: WeeklyDryRunEndToEndTests.date(row["date"]) ?? "",
            value: value == "." ? nil : try #require(Int(value), "mark value '\(value)'"),
            weightE4: try #require(weight, "weight of \(row["mark_id"] ?? "?")"),
            counted: (row["counted"] ?? "").lowercased() != "no"))
      }
      self.marks = Dictionary(grouping: marks, by: \.student)
      attendance = Dictionary(
        grouping: try table("attendance.csv").map {
          (
            student: $0["student_id"] ?? "", subject: $0["subject_id"] ?? "",
            date: WeeklyDryRunEndToEndTests.date($0["date"]) ?? "",
            code: ($0["code"] ?? "").lowercased()
          )
        }, by: \.student)
      lessons = Dictionary(
        grouping: try table("lessons.csv").map {
          (
            classID: $0["class_id"] ?? "", subject: $0["subject_id"] ?? "",
            date: WeeklyDryRunEndToEndTests.date($0["date"]) ?? ""
          )
        }, by: \.classID)
    }

    /// §3: the term of the grade containing as-of, else the latest that ended before it.
    func period(grade: Int) -> Period? {
      let mine = terms.filter { $0.grades.contains(grade) }.map(\.period)
      if let containing = mine.first(where: { $0.start <= asOf && asOf <= $0.end }) {
        return containing
      }
      return mine.filter { $0.end < asOf }.max { $0.end < $1.end }
    }

    /// §3: subjects.csv order; a mark (debts included) or attendance row within [P.start, D],
    /// or a lesson of the class within P.
    func listedSubjects(student: String, period: Period) -> [String] {
      let classID = students[student]?.classID ?? ""
      var present = Set<String>()
      for m in marks[student, default: []] where period.start <= m.date && m.date <= asOf {
        present.insert(m.subject)
      }
      for a in attendance[student, default: []] where period.start <= a.date && a.date <= asOf {
        present.insert(a.subject)
      }
      for l in lessons[classID, default: []] where period.start <= l.date && l.date <= period.end {
        present.insert(l.subject)
      }
      return subjectOrder.filter { present.contains($0) }
    }

    func figures(student: String, subject: String, period: Period) -> Figures {
      let end = min(asOf, period.end)
      var f = Figures()
      for m in marks[student, default: []]
      where m.subject == subject && m.counted
        && period.start <= m.date && m.date <= end
      {
        guard let v = m.value else { continue }
        f.n += 1
        f.weight += m.weightE4
        f.sum += m.weightE4 * v
      }
      let absenceCodes: Set<String> = ["н", "б", "у", "нп", "от", "уп"]
      f.absences =
        attendance[student, default: []].filter {
          $0.subject == subject && period.start <= $0.date
            && $0.date <= end && absenceCodes.contains($0.code)
        }.count
      guard f.n > 0 else { return f }
      // Half-up to 4 decimals: ⌊(2·Sum·1e4 + W) / (2·W)⌋, all positive.
      f.averageE4 = (2 * f.sum * 10_000 + f.weight) / (2 * f.weight)
      let hundredths = f.sum * 100 / f.weight  // truncated
      f.averageText = "\(hundredths / 100)," + String(format: "%02d", hundredths % 100)
      // Largest g with Sum ≥ t(g)·W, exactly: 10·Sum ≥ (10·t)·W.
      f.projected = lowMark
      for (mark, t) in thresholdsE1 where 10 * f.sum >= t * f.weight { f.projected = mark }
      return f
    }
  }

  // MARK: - Small readers (Foundation only)

  /// An RFC 4180 reader: `,`-delimited, quoted fields may hold `,`, `""` and line breaks.
  static func csv(_ url: URL) throws -> [[String: String]] {
    var text = try String(contentsOf: url, encoding: .utf8)
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    var records: [[String]] = []
    var record: [String] = []
    var field = ""
    var quoted = false
    var chars = Array(text.unicodeScalars)[...]
    while let c = chars.popFirst() {
      if quoted {
        if c == "\"" {
          if chars.first == "\"" {
            field.unicodeScalars.append("\"")
            chars.removeFirst()
          } else {
            quoted = false
          }
        } else {
          field.unicodeScalars.append(c)
        }
      } else if c == "\"" {
        quoted = true
      } else if c == "," {
        record.append(field)
        field = ""
      } else if c == "\n" || c == "\r" {
        if c == "\r", chars.first == "\n" { chars.removeFirst() }
        record.append(field)
        field = ""
        records.append(record)
        record = []
      } else {
        field.unicodeScalars.append(c)
      }
    }
    if !field.isEmpty || !record.isEmpty {
      record.append(field)
      records.append(record)
    }
    guard let header = records.first else { return [] }
    return records.dropFirst().filter { $0 != [""] }.map { row in
      var out: [String: String] = [:]
      for (i, name) in header.enumerated() where i < row.count { out[name] = row[i] }
      return out
    }
  }

  /// `key = value` lines of one TOML table (nil: the top level), values as written.
  static func tomlSection(_ text: String, _ name: String?) -> [String: String] {
    var current: String? = nil
    var out: [String: String] = [:]
    for raw in text.split(separator: "\n") {
      let line = raw.trimmingCharacters(in: .whitespaces)
      if line.hasPrefix("#") || line.isEmpty { continue }
      if line.hasPrefix("[") && !line.contains("=") {
        current = String(line.dropFirst().dropLast())
        continue
      }
      guard current == name, let eq = line.firstIndex(of: "=") else { continue }
      out[line[..<eq].trimmingCharacters(in: .whitespaces)] =
        line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
    }
    return out
  }

  static func integers(_ text: String) -> [Int] {
    text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
  }

  /// A decimal (`1.5` or `1,5`) times 10^digits, exactly; nil when it has more digits.
  static func scaled(_ text: String, digits: Int) -> Int? {
    let parts = text.replacingOccurrences(of: ",", with: ".").split(
      separator: ".", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), let whole = Int(parts[0]) else { return nil }
    let fraction = parts.count == 2 ? String(parts[1]) : ""
    guard fraction.count <= digits, fraction.allSatisfy(\.isNumber) else { return nil }
    let padded = fraction + String(repeating: "0", count: digits - fraction.count)
    var scale = 1
    for _ in 0..<digits { scale *= 10 }
    return whole * scale + (Int(padded) ?? 0)
  }

  /// A date as `YYYY-MM-DD` (so that strings compare as dates); nil when empty.
  static func date(_ text: String?) -> String? {
    let text = (text ?? "").trimmingCharacters(in: .whitespaces)
    if text.isEmpty { return nil }
    if text.count >= 10, text.dropFirst(4).first == "-" { return String(text.prefix(10)) }
    let parts = text.split(separator: ".").compactMap { Int($0) }
    guard parts.count == 3 else { return text }
    let year = parts[2] < 100 ? 2000 + parts[2] : parts[2]
    return String(format: "%04d-%02d-%02d", year, parts[1], parts[0])
  }

  static func optInt(_ value: Any?) -> Int? {
    guard let value, !(value is NSNull) else { return nil }
    return (value as? NSNumber)?.intValue
  }

  static func optString(_ value: Any?) -> String? { value as? String }

  /// The ISO week containing `day`: its name (`2026-W46`) and its days, Monday first.
  static func isoWeek(of day: String) -> (name: String, days: [String])? {
    var calendar = Calendar(identifier: .iso8601)
    guard let utc = TimeZone(identifier: "UTC") else { return nil }
    calendar.timeZone = utc
    let parser = DateFormatter()
    parser.calendar = Calendar(identifier: .gregorian)
    parser.locale = Locale(identifier: "en_US_POSIX")
    parser.timeZone = calendar.timeZone
    parser.dateFormat = "yyyy-MM-dd"
    guard let date = parser.date(from: day) else { return nil }
    let parts = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear, .weekday], from: date)
    guard let year = parts.yearForWeekOfYear, let number = parts.weekOfYear,
      let weekday = parts.weekday
    else { return nil }
    let fromMonday = (weekday + 5) % 7  // Sunday = 1 … Saturday = 7
    let monday = date.addingTimeInterval(-Double(fromMonday) * 86_400)
    let days = (0..<7).map { parser.string(from: monday.addingTimeInterval(Double($0) * 86_400)) }
    return (String(format: "%04d-W%02d", year, number), days)
  }
}
