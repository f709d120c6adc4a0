import Foundation
import GRDB
import Testing

@testable import GradeStore

/// The interchange format of DESIGN §2: encodings, delimiters, the forms of dates, times and
/// decimals, Сетевой город's codes, debts, and line numbers after multi-line fields.
@Suite("Import formats")
struct ImportFormatTests {
  static let csvFiles = [
    "classes.csv", "subjects.csv", "mark_kinds.csv", "periods.csv", "holidays.csv",
    "study_dates.csv", "students.csv", "guardians.csv", "student_guardians.csv", "lessons.csv",
    "marks.csv", "attendance.csv", "final_marks.csv", "exam_results.csv", "registry.csv",
  ]

  /// The store as the untouched good set leaves it, without the import log (it names the folder).
  static func reference() throws -> String {
    let fixture = try ImportFixture()
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    return try snapshot(store, excluding: ["imports"])
  }

  static func fetch(_ store: GradeStore, _ sql: String) throws -> [String?] {
    try DatabaseQueue(path: store.path).read { db in try String?.fetchAll(db, sql: sql) }
  }

  // MARK: - Encodings and delimiters

  enum Variant: String, CaseIterable, Sendable {
    case utf8WithBOM = "UTF-8 with BOM"
    case windows1251 = "Windows-1251"
    case semicolons = "';' and decimal commas"
    case quotedDecimalCommas = "',' and quoted decimal commas"
    case excel = "Windows-1251, ';', decimal commas and CRLF"
    case crlf = "CRLF line ends"

    func apply(to fixture: ImportFixture) throws {
      // Notepad saves school.toml with a BOM too.
      if self == .utf8WithBOM { try fixture.saveWithBOM("school.toml") }
      for file in ImportFormatTests.csvFiles {
        switch self {
        case .utf8WithBOM:
          try fixture.saveWithBOM(file)
        case .windows1251:
          try fixture.saveAsWindows1251(file)
        case .semicolons, .excel:
          try fixture.rewrite(file, delimiter: ";", Self.decimalCommas)
        case .quotedDecimalCommas:
          try fixture.rewrite(file, delimiter: ",", Self.decimalCommas)
        case .crlf:
          break
        }
        if self == .excel || self == .crlf {
          try fixture.write(
            file, try fixture.read(file).replacingOccurrences(of: "\n", with: "\r\n"))
        }
        if self == .excel { try fixture.saveAsWindows1251(file) }
      }
    }

    /// `1.5` becomes `1,5` in the weight columns.
    static func decimalCommas(_ header: inout [String], _ rows: inout [[String]]) {
      guard let column = header.firstIndex(of: "weight") else { return }
      for i in rows.indices {
        rows[i][column] = rows[i][column].replacingOccurrences(of: ".", with: ",")
      }
    }
  }

  @Test(
    "the same set in another encoding or with another delimiter imports identically",
    arguments: Variant.allCases)
  func sameSet(variant: Variant) throws {
    let expected = try Self.reference()
    let fixture = try ImportFixture()
    try variant.apply(to: fixture)
    let store = try fixture.makeStore()
    let report = try fixture.importSet(into: store)
    #expect(try snapshot(store, excluding: ["imports"]) == expected)
    // A file of ASCII only is valid UTF-8 whatever it was saved as.
    let windows = variant == .windows1251 || variant == .excel
    for count in report.files {
      let ascii = try Data(contentsOf: fixture.url(count.file)).allSatisfy { $0 < 0x80 }
      #expect(count.encoding == (windows && !ascii ? "Windows-1251" : "UTF-8"), "\(count.file)")
    }
    let names = try Self.fetch(store, "SELECT last_name FROM guardians ORDER BY guardian_id")
    #expect(names.first == "Иванова")
    #expect(names.contains("Ёлкина"))
  }

  @Test("a Windows-1251 file with a bad value is reported at the right line")
  func windows1251Lines() throws {
    let fixture = try ImportFixture()
    try fixture.edit("students.csv", "Орлова,Вера,Игоревна,2019-10-01", "Орлова,Вера,Игоревна,1.1")
    try fixture.saveAsWindows1251("students.csv")
    let problems = try fixture.problems(importing: try fixture.makeStore())
    #expect(
      problems.map(\.description) == [
        "students.csv:5: birth_date: '1.1' is not a date (write 2026-11-23 or 23.11.2026)"
      ])
  }

  @Test("broken UTF-8 is an error at the line of the first bad byte")
  func brokenUTF8() throws {
    let fixture = try ImportFixture()
    var bytes = Array(try fixture.read("guardians.csv").utf8)
    let line4 = try #require(bytes.indices.filter { bytes[$0] == 0x0A }.dropFirst(2).first)
    bytes.insert(0xFF, at: line4 + 4)
    try Data(bytes).write(to: fixture.url("guardians.csv"))
    // The file cannot be read, so its guardians are unknown to the files after it.
    let problems = try fixture.problems(importing: try fixture.makeStore())
    #expect(problems.first?.file == "guardians.csv")
    #expect(problems.first?.line == 4)
    #expect(problems.first?.message.hasPrefix("broken UTF-8") == true)
  }

  @Test("a set mixing encodings and delimiters file by file imports identically")
  func mixedFiles() throws {
    let expected = try Self.reference()
    let fixture = try ImportFixture()
    try fixture.saveAsWindows1251("students.csv")
    try fixture.saveWithBOM("guardians.csv")
    try fixture.rewrite("marks.csv", delimiter: ";", Variant.decimalCommas)
    try fixture.rewrite("mark_kinds.csv", delimiter: ";", Variant.decimalCommas)
    try fixture.saveAsWindows1251("mark_kinds.csv")
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    #expect(try snapshot(store, excluding: ["imports"]) == expected)
  }

  @Test("a decimal comma in a ','-delimited file needs quotes")
  func unquotedDecimalComma() throws {
    let fixture = try ImportFixture()
    try fixture.edit(
      "mark_kinds.csv", "sr,Самостоятельная работа,1.5", "sr,Самостоятельная работа,1,5")
    // The record cannot be read, so the marks of kind 'sr' follow as unknown ids.
    let problems = try fixture.problems(importing: try fixture.makeStore())
    #expect(problems.count == 2)
    #expect(problems.last?.description.hasPrefix("marks.csv:4: kind_id: unknown id 'sr'") == true)
    #expect(problems.first?.file == "mark_kinds.csv")
    #expect(problems.first?.line == 4)
    #expect(problems.first?.message.contains("has 4 fields but the header has 3") == true)
  }

  @Test(
    "weights are stored exactly in units of 1/10 000",
    arguments: [
      ("1", 10_000), ("0,5", 5_000), ("1.5", 15_000), ("0.0001", 1), ("2,2500", 22_500),
      ("10", 100_000),
    ])
  func weights(text: String, stored: Int) throws {
    let fixture = try ImportFixture()
    try fixture.edit("marks.csv", ",0.5,no,", ",\"\(text)\",no,")
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    let value = try Self.fetch(
      store, "SELECT CAST(weight_e4 AS TEXT) FROM marks WHERE mark_id = 'm5'")
    #expect(value == ["\(stored)"])
  }

  // MARK: - Dates and times

  @Test(
    "every date form of §2 lands as its date",
    arguments: [
      ("2026-11-23", "2026-11-23"), ("23.11.2026", "2026-11-23"), ("1.09.2026", "2026-09-01"),
      ("1.9.2026", "2026-09-01"), ("14.11.21", "2021-11-14"), ("01.03.26", "2026-03-01"),
      ("2025-09-03T00:00:00+05:00", "2025-09-03"), ("2025-09-03T23:30:00-10:00", "2025-09-03"),
      ("2025-09-03T00:00:00", "2025-09-03"), ("2025-09-03T00:00:00Z", "2025-09-03"),
      ("23.11.2026 0:00", "2026-11-23"), ("29.02.2028", "2028-02-29"),
    ])
  func dates(text: String, iso: String) throws {
    let fixture = try ImportFixture()
    try fixture.edit("marks.csv", "m1,s1,math,2026-11-23,", "m1,s1,math,\(text),")
    try fixture.edit("students.csv", "2013-03-14", text)
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    #expect(try Self.fetch(store, "SELECT date FROM marks WHERE mark_id = 'm1'") == [iso])
    #expect(
      try Self.fetch(store, "SELECT birth_date FROM students WHERE student_id = 's1'") == [iso])
  }

  /// The school is in Asia/Yekaterinburg (UTC+5, no daylight saving since 2014).
  @Test(
    "every time form of §2 lands as its instant",
    arguments: [
      ("2026-11-23 14:05", "2026-11-23T09:05:00Z"),
      ("2026-11-23 14:05:30", "2026-11-23T09:05:30Z"),
      ("23.11.2026 14:05", "2026-11-23T09:05:00Z"),
      ("23.11.2026 9:05:07", "2026-11-23T04:05:07Z"),
      ("2026-11-23T14:05", "2026-11-23T09:05:00Z"),
      ("2026-11-23T14:05:00", "2026-11-23T09:05:00Z"),
      ("2026-11-23T14:05:00+05:00", "2026-11-23T09:05:00Z"),
      ("2026-11-23T14:05:00+03:00", "2026-11-23T11:05:00Z"),
      ("2026-11-23T14:05:00+0300", "2026-11-23T11:05:00Z"),
      ("2026-11-23T14:05:00Z", "2026-11-23T14:05:00Z"),
      ("2026-11-23T14:05:00.750+05:00", "2026-11-23T09:05:00Z"),
      ("2026-11-23 02:30", "2026-11-22T21:30:00Z"),
    ])
  func times(text: String, stamp: String) throws {
    let fixture = try ImportFixture()
    try fixture.edit("marks.csv", "2026-11-23 14:05", text)
    try fixture.edit("final_marks.csv", "2026-10-24 15:00", text)
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    #expect(try Self.fetch(store, "SELECT entered_at FROM marks WHERE mark_id = 'm1'") == [stamp])
    #expect(
      try Self.fetch(
        store,
        "SELECT recorded_at FROM final_marks WHERE student_id = 's1' AND period_id = 'q1'")
        == [stamp])
  }

  @Test("a time without an offset is on the clock of the time zone school.toml names")
  func timesFollowTheSchoolZone() throws {
    let fixture = try ImportFixture()
    try fixture.edit("school.toml", "Asia/Yekaterinburg", "Europe/Moscow")
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    #expect(
      try Self.fetch(store, "SELECT entered_at FROM marks WHERE mark_id = 'm1'")
        == ["2026-11-23T11:05:00Z"])
    // A later import without school.toml keeps using the stored zone.
    try fixture.keepOnly(["marks.csv"])
    try fixture.edit("marks.csv", "2026-11-23 14:05", "2026-11-23 15:05")
    try fixture.importSet(into: store)
    #expect(
      try Self.fetch(store, "SELECT entered_at FROM marks WHERE mark_id = 'm1'")
        == ["2026-11-23T12:05:00Z"])
  }

  // MARK: - Codes

  @Test("Сетевой город's attendance codes become н н б у оп осв, in any case")
  func netCityCodes() throws {
    let fixture = try ImportFixture()
    let codes = ["НП", "ОТ", "Б", "УП", "ОП", "ОСВ", "нп", "Уп", "н", "б", "у", "оп", "осв"]
    try fixture.writeTable(
      "attendance.csv", header: ["student_id", "subject_id", "date", "code"],
      rows: codes.map { ["s1", "math", "2026-11-23", $0] })
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    let stored = try Self.fetch(
      store, "SELECT code FROM attendance WHERE student_id = 's1' ORDER BY lesson_no")
    #expect(
      stored == ["н", "н", "б", "у", "оп", "осв", "н", "у", "н", "б", "у", "оп", "осв"])
  }

  @Test("yes/no, kinds and final-mark words match without regard to case")
  func caseInsensitiveValues() throws {
    let fixture = try ImportFixture()
    try fixture.edit("students.csv", "2013-03-14,no,", "2013-03-14,НЕТ,")
    try fixture.edit("students.csv", "2011-05-20,yes,", "2011-05-20,Да,")
    try fixture.edit("guardians.csv", "Петровна,student,", "Петровна,Student,")
    try fixture.edit("registry.csv", "r1,refusal,", "r1,REFUSAL,")
    try fixture.edit("final_marks.csv", "q1,осв,", "q1,ОСВ,")
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    #expect(
      try Self.fetch(
        store,
        "SELECT CAST(passport AS TEXT) FROM students WHERE student_id IN ('s1', 's3') "
          + "ORDER BY student_id") == ["0", "1"])
    #expect(try Self.fetch(store, "SELECT kind FROM registry WHERE doc_id = 'r1'") == ["refusal"])
    #expect(
      try Self.fetch(store, "SELECT value FROM final_marks ORDER BY student_id")
        == ["4", "н/а", "осв"])
  }

  @Test("a debt '.' is stored with no value and stays a mark row")
  func debts() throws {
    let fixture = try ImportFixture()
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    let row = try DatabaseQueue(path: store.path).read { db in
      try Row.fetchOne(db, sql: "SELECT value, comment FROM marks WHERE mark_id = 'm4'")
    }
    let debt = try #require(row)
    #expect(debt["value"] == nil as Int?)
    #expect(debt["comment"] == "Не сдана тетрадь")
  }

  // MARK: - Physical lines

  @Test("a quoted field spanning lines: later errors name the physical line")
  func multiLineFields() throws {
    let fixture = try ImportFixture()
    try fixture.edit(
      "marks.csv", "\"Ошибки в задаче 3, повторить дроби\"",
      "\"Ошибки в задаче 3,\nповторить дроби;\n\"\"дроби\"\"\"")
    try fixture.edit("marks.csv", "sr,3,,", "sr,7,,")
    try fixture.append("marks.csv", "m2,s1,math,2026-11-25,oral,5,,,,")
    let problems = try fixture.problems(importing: try fixture.makeStore())
    #expect(
      problems.map(\.description) == [
        "marks.csv:6: value: '7' is not a mark of this school (2, 3, 4, 5, or '.' for a debt)",
        "marks.csv:10: mark_id: duplicate 'm2' (first at line 3)",
      ])
  }

  @Test("a multi-line comment is stored as written")
  func multiLineValue() throws {
    let fixture = try ImportFixture()
    try fixture.edit(
      "marks.csv", "\"Ошибки в задаче 3, повторить дроби\"", "\"Ошибки:\r\n«дроби», \"\"3\"\"\"")
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    #expect(
      try Self.fetch(store, "SELECT comment FROM marks WHERE mark_id = 'm2'")
        == ["Ошибки:\r\n«дроби», \"3\""])
  }

  @Test("blank lines are skipped but counted")
  func blankLines() throws {
    let fixture = try ImportFixture()
    try fixture.edit("marks.csv", "\nm3,", "\n\n\nm3,")
    try fixture.edit("marks.csv", "sr,3,,", "sr,8,,")
    let problems = try fixture.problems(importing: try fixture.makeStore())
    #expect(problems.map { "\($0.file):\($0.line)" } == ["marks.csv:6"])
  }

  @Test("column names match without regard to case and surrounding spaces")
  func headerNames() throws {
    let expected = try Self.reference()
    let fixture = try ImportFixture()
    try fixture.edit("students.csv", "student_id,class_id", " Student_ID , CLASS_ID")
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    #expect(try snapshot(store, excluding: ["imports"]) == expected)
  }

  @Test("columns may come in any order; optional columns may be left out")
  func columnOrder() throws {
    let expected = try Self.reference()
    let fixture = try ImportFixture()
    try fixture.rewrite("students.csv") { header, rows in
      header.reverse()
      for i in rows.indices { rows[i].reverse() }
    }
    try fixture.removeColumn("exam_results.csv", "score")
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    #expect(try snapshot(store, excluding: ["imports"]) == expected)
  }
}
