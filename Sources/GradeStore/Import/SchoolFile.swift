import DiaryRules
import Foundation
import PlainTOML

/// Reads `school.toml` into `SchoolSettings`, reporting each bad key as
/// `school.toml:LINE: KEY: message` (line 1 for a missing key).
struct SchoolFile {
  static let name = "school.toml"
  private static let topKeys = [
    "name", "short_name", "address", "timezone", "study_days", "template", "paper_since",
    "exported_on", "grading",
  ]
  private static let gradingKeys = [
    "marks", "thresholds", "base_weight", "min_marks", "max_absence_share", "unmarked_grades",
  ]

  private(set) var problems: [ImportProblem] = []
  /// `grading.` while the `[grading]` table is read, so that every key is named by its path.
  private var keyPrefix = ""

  /// The settings, or nil when any key is missing or wrong (the problems say which).
  static func read(_ url: URL) -> (SchoolSettings?, [ImportProblem]) {
    var file = SchoolFile()
    let settings = file.parse(url)
    return (file.problems.isEmpty ? settings : nil, file.problems)
  }

  private mutating func report(_ line: Int, _ key: String?, _ message: String) {
    problems.append(
      ImportProblem(
        file: Self.name, line: line, column: key.map { keyPrefix + $0 }, message: message))
  }

  private mutating func parse(_ url: URL) -> SchoolSettings? {
    let text: String
    do {
      // Measured before it is read: a school.toml is a few hundred bytes, never a megabyte.
      let bytes = try ImportFileReader.bytes(of: url, name: Self.name, limit: (1 << 20) - 1) {
        ImportProblem(
          file: Self.name, line: 1,
          message: "the file is \($0) bytes; a school.toml is a few hundred")
      }
      guard let decoded = String(data: Data(bytes), encoding: .utf8) else {
        report(1, nil, "not UTF-8 text; save it as UTF-8")
        return nil
      }
      text = decoded
    } catch {
      problems.append(error)
      return nil
    }
    let root: TOMLTable
    do {
      root = try TOMLDocument.parse(text)
    } catch {
      report(error.line, nil, error.message)
      return nil
    }
    for key in root.keys where !Self.topKeys.contains(key) {
      report(
        root.line(of: key) ?? 1, key,
        "unknown key; the keys are " + Self.topKeys.joined(separator: ", "))
    }
    let name = string(root, "name")
    let shortName = string(root, "short_name")
    let address = string(root, "address", required: false)
    let zone = string(root, "timezone")
    if let zone,
      TimeZone(identifier: zone) == nil || !TimeZone.knownTimeZoneIdentifiers.contains(zone)
    {
      report(
        root.line(of: "timezone") ?? 1, "timezone",
        "'\(zone)' is not an IANA time zone (e.g. Asia/Yekaterinburg)")
    }
    let studyDays = self.studyDays(root)
    let template = string(root, "template", required: false)
    if let template, !IDRule.isValid(template) {
      report(
        root.line(of: "template") ?? 1, "template",
        "'\(template)' is not a folder name under Templates/")
    }
    let paperSince = date(root, "paper_since")
    let exportedOn = date(root, "exported_on")
    let grading = self.grading(root)
    guard let name, let shortName, let zone, let studyDays, let grading else { return nil }
    return SchoolSettings(
      name: name, shortName: shortName, address: address, timeZoneIdentifier: zone,
      studyDays: studyDays, template: template, paperSince: paperSince, exportedOn: exportedOn,
      grading: grading)
  }

  // MARK: - Keys

  private mutating func string(
    _ table: TOMLTable, _ key: String, required: Bool = true, prefix: String = ""
  ) -> String? {
    guard let node = table[key] else {
      if required { report(1, prefix + key, "missing key") }
      return nil
    }
    guard let value = node.stringValue, !value.trimmingCharacters(in: .whitespaces).isEmpty else {
      report(node.line, prefix + key, "expected a non-empty string, found \(node.typeName)")
      return nil
    }
    return value
  }

  /// A date written as a TOML date (`2026-09-01`) or as a string in one of the import's forms.
  private mutating func date(_ table: TOMLTable, _ key: String) -> LocalDate? {
    guard let node = table[key] else { return nil }
    if let dt = node.dateTimeValue, let d = dt.date, dt.time == nil,
      let date = LocalDate(year: d.year, month: d.month, day: d.day)
    {
      return date
    }
    if let text = node.stringValue, let date = ImportValueParser.date(text) { return date }
    report(node.line, key, "expected a date such as 2026-09-01")
    return nil
  }

  private mutating func studyDays(_ root: TOMLTable) -> Set<Int>? {
    guard let node = root["study_days"] else {
      report(1, "study_days", "missing key (e.g. [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"])")
      return nil
    }
    guard let items = node.arrayValue, !items.isEmpty else {
      report(node.line, "study_days", "expected a list of days such as [\"mon\", \"tue\"]")
      return nil
    }
    var days = Set<Int>()
    for item in items {
      guard let code = item.stringValue?.lowercased(),
        let index = SchoolSettings.weekdayCodes.firstIndex(of: code)
      else {
        report(
          item.line, "study_days",
          "'\(item.stringValue ?? item.typeName)' is not one of mon, tue, wed, thu, fri, sat, sun")
        return nil
      }
      guard days.insert(index + 1).inserted else {
        report(item.line, "study_days", "'\(code)' is listed twice")
        return nil
      }
    }
    return days
  }

  private mutating func grading(_ root: TOMLTable) -> GradingScale? {
    guard let node = root["grading"] else {
      report(
        1, "grading", "missing table [grading] (marks, thresholds, min_marks, max_absence_share)")
      return nil
    }
    guard let table = node.tableValue else {
      report(node.line, "grading", "expected a table [grading]")
      return nil
    }
    keyPrefix = "grading."
    defer { keyPrefix = "" }
    for key in table.keys where !Self.gradingKeys.contains(key) {
      report(
        table.line(of: key) ?? node.line, key,
        "unknown key; the keys are " + Self.gradingKeys.joined(separator: ", "))
    }
    let marks = integers(table, "marks")
    let thresholds = self.thresholds(table)
    let baseWeight = decimal(table, "base_weight", default: 1)
    let minMarks = integer(table, "min_marks")
    let share = decimal(table, "max_absence_share", default: nil)
    let unmarked = unmarkedGrades(table)
    guard let marks, let thresholds, let baseWeight, let minMarks, let share, let unmarked else {
      return nil
    }
    let scale = GradingScale(
      marks: marks, thresholds: thresholds, baseWeight: baseWeight, minMarks: minMarks,
      maxAbsenceShare: share, unmarkedGrades: unmarked)
    for (key, message) in scale.problems {
      report(table.line(of: key) ?? node.line, key, message)
    }
    return scale
  }

  private mutating func integers(_ table: TOMLTable, _ key: String) -> [Int]? {
    guard let node = table[key] else {
      report(1, key, "missing key (e.g. marks = [2, 3, 4, 5])")
      return nil
    }
    guard let values = Self.integerList(node), !values.isEmpty else {
      report(node.line, key, "expected a list of whole numbers such as [2, 3, 4, 5]")
      return nil
    }
    return values
  }

  private mutating func integer(_ table: TOMLTable, _ key: String) -> Int? {
    guard let node = table[key] else {
      report(1, key, "missing key (an integer ≥ 0, e.g. 3)")
      return nil
    }
    guard let value = node.integerValue, value >= 0, value < 1000 else {
      report(node.line, key, "expected an integer ≥ 0, found \(node.numberText ?? node.typeName)")
      return nil
    }
    return Int(value)
  }

  /// An exact decimal from the number's source text (2.6 stays 2.6, never 2.6000000000000001).
  private mutating func decimal(_ table: TOMLTable, _ key: String, default fallback: Decimal?)
    -> Decimal?
  {
    guard let node = table[key] else {
      if fallback == nil { report(1, key, "missing key") }
      return fallback
    }
    guard let value = Self.exactDecimal(node) else {
      report(node.line, key, "expected a number, found \(node.typeName)")
      return nil
    }
    return value
  }

  private mutating func thresholds(_ table: TOMLTable) -> [Int: Decimal]? {
    guard let node = table["thresholds"] else {
      report(1, "thresholds", "missing key (e.g. thresholds = { 3 = 2.5, 4 = 3.5, 5 = 4.5 })")
      return nil
    }
    guard let entries = node.tableValue else {
      report(node.line, "thresholds", "expected a table such as { 3 = 2.5, 4 = 3.5, 5 = 4.5 }")
      return nil
    }
    var result: [Int: Decimal] = [:]
    for key in entries.keys {
      let line = entries.line(of: key) ?? node.line
      guard let mark = Int(key), let entry = entries[key], let value = Self.exactDecimal(entry)
      else {
        report(line, "thresholds", "'\(key)' must be a mark with a number, e.g. 4 = 3.5")
        return nil
      }
      result[mark] = value
    }
    return result
  }

  private mutating func unmarkedGrades(_ table: TOMLTable) -> GradeSet? {
    guard let node = table["unmarked_grades"] else { return GradeSet([1]) }
    guard let grades = Self.integerList(node), grades.allSatisfy(GradeSet.validGrades.contains)
    else {
      report(node.line, "unmarked_grades", "expected a list of grades 1–11 such as [1]")
      return nil
    }
    return GradeSet(grades)
  }

  /// The whole numbers of an array node (each below 1000 in size), or nil when it is not one.
  static func integerList(_ node: TOMLNode) -> [Int]? {
    guard let items = node.arrayValue else { return nil }
    var values: [Int] = []
    for item in items {
      guard let value = item.integerValue, abs(value) < 1000 else { return nil }
      values.append(Int(value))
    }
    return values
  }

  static func exactDecimal(_ node: TOMLNode) -> Decimal? {
    guard node.integerValue != nil || node.floatValue != nil, let text = node.numberText else {
      return nil
    }
    return ImportValueParser.decimal(
      text.replacingOccurrences(of: "_", with: ""), allowsSign: true)?.value
  }
}
