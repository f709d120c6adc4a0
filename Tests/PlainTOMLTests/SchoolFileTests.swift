import PlainTOML
import Testing

@Suite("A realistic school.toml")
struct SchoolFileTests {
  static let text = """
    # Import set of the school; edited by the secretary.
    name = "МБОУ «СОШ № 5»"
    short_name = "СОШ № 5"
    timezone = "Asia/Yekaterinburg"
    study_days = ["mon", "tue", "wed", "thu", "fri"]
    paper_since = 2026-09-01

    [grading]
    marks = [2, 3, 4, 5]
    thresholds = { 3 = 2.6, 4 = 3.6, 5 = 4.6 }
    base_weight = 1
    min_marks = 3
    max_absence_share = 0.5 # half of the lessons
    """

  @Test func keysInWrittenOrderWithTheirLines() throws {
    let root = try TOMLDocument.parse(Self.text)
    #expect(
      root.keys == ["name", "short_name", "timezone", "study_days", "paper_since", "grading"])
    #expect(root.line(of: "name") == 2)
    #expect(root.line(of: "paper_since") == 6)
    #expect(root.line(of: "grading") == 8)
    #expect(root.line(of: "missing") == nil)

    let grading = try #require(root["grading"]?.tableValue)
    #expect(
      grading.keys == ["marks", "thresholds", "base_weight", "min_marks", "max_absence_share"])
    for (key, line) in [
      ("marks", 9), ("thresholds", 10), ("base_weight", 11), ("min_marks", 12),
      ("max_absence_share", 13),
    ] {
      #expect(grading.line(of: key) == line, "\(key)")
      #expect(grading.column(of: key) == 1, "\(key)")
      #expect(grading[key]?.line == line, "\(key)")
    }
  }

  @Test func values() throws {
    let root = try TOMLDocument.parse(Self.text)
    #expect(root["name"]?.stringValue == "МБОУ «СОШ № 5»")
    #expect(root["short_name"]?.stringValue == "СОШ № 5")
    #expect(root["timezone"]?.stringValue == "Asia/Yekaterinburg")
    let days = try #require(root["study_days"]?.arrayValue)
    #expect(days.compactMap(\.stringValue) == ["mon", "tue", "wed", "thu", "fri"])
    #expect(days.map(\.column) == [15, 22, 29, 36, 43])

    let since = try #require(root["paper_since"]?.dateTimeValue)
    #expect(since.kind == .localDate)
    #expect(since.date == TOMLDateTime.CalendarDate(year: 2026, month: 9, day: 1))
    #expect(since.time == nil)
    #expect(since.text == "2026-09-01")
    #expect(root["paper_since"]?.typeName == "a local date")

    let grading = try #require(root["grading"]?.tableValue)
    #expect(grading["marks"]?.arrayValue?.compactMap(\.integerValue) == [2, 3, 4, 5])
    #expect(grading["base_weight"]?.integerValue == 1)
    #expect(grading["min_marks"]?.integerValue == 3)
    #expect(grading["max_absence_share"]?.floatValue == 0.5)
    #expect(grading["max_absence_share"]?.numberText == "0.5")
  }

  @Test func inlineThresholdsKeepExactTextAndPositions() throws {
    let root = try TOMLDocument.parse(Self.text)
    let node = try #require(root["grading"]?.tableValue?["thresholds"])
    #expect(node.line == 10)
    #expect(node.column == 14)
    let thresholds = try #require(node.tableValue)
    #expect(thresholds.keys == ["3", "4", "5"])
    #expect(thresholds["3"]?.numberText == "2.6")
    #expect(thresholds["4"]?.numberText == "3.6")
    #expect(thresholds["5"]?.numberText == "4.6")
    #expect(thresholds.line(of: "4") == 10)
    #expect(thresholds.column(of: "4") == 25)
    #expect(thresholds["5"]?.column == 38)
  }

  @Test func theGradingHeaderIsWhereTheTableStarts() throws {
    let root = try TOMLDocument.parse(Self.text)
    let grading = try #require(root["grading"])
    #expect(grading.line == 8)
    #expect(grading.column == 1)
    #expect(root.column(of: "grading") == 2)
  }

  @Test func typeMismatchMessageReadsWell() throws {
    let root = try TOMLDocument.parse(Self.text)
    let node = try #require(root["grading"]?.tableValue?["min_marks"])
    #expect(node.stringValue == nil)
    let message = "school.toml:\(node.line): min_marks: expected a string, found \(node.typeName)"
    #expect(message == "school.toml:12: min_marks: expected a string, found an integer")
  }

  @Test func errorNamesTheFile() {
    let error = parseError("name = \"МБОУ\nshort_name = 1")
    #expect(error?.description(inFile: "school.toml") == "school.toml:1: " + (error?.message ?? ""))
    #expect(error?.description.hasPrefix("line 1, column 8: unterminated string") == true)
  }
}
