import PlainTOML
import Testing

@Suite("Values")
struct ValueTests {
  // MARK: - Strings

  @Test(arguments: [
    (#""plain""#, "plain"),
    (#""""#, ""),
    (#""tab\there""#, "tab\there"),
    (#""line\nbreak""#, "line\nbreak"),
    (#""quote \" and backslash \\""#, "quote \" and backslash \\"),
    (#""\b\f\r""#, "\u{08}\u{0C}\r"),
    (#""\u00e9t\u00E9""#, "été"),
    (#""\U0001F600""#, "😀"),
    (#""\u0416""#, "Ж"),
    ("\"tab\tinside\"", "tab\tinside"),
    ("'C:\\Users\\school'", "C:\\Users\\school"),
    ("'<\\i\\c*\\s*>'", "<\\i\\c*\\s*>"),
    ("''", ""),
    ("'МБОУ «СОШ № 5»'", "МБОУ «СОШ № 5»"),
  ])
  func singleLineStrings(literal: String, expected: String) throws {
    #expect(try value(of: literal) == .string(expected))
  }

  @Test(arguments: [
    ("\"\"\"\nRoses are red\nViolets are blue\"\"\"", "Roses are red\nViolets are blue"),
    ("\"\"\"\r\nwindows\r\nlines\"\"\"", "windows\nlines"),
    ("\"\"\"one \\\n    two \\\n\n    three\"\"\"", "one two three"),
    ("\"\"\"ends with blank backslash \\   \n  x\"\"\"", "ends with blank backslash x"),
    ("\"\"\"escapes \\t \\u0041\"\"\"", "escapes \t A"),
    (
      "\"\"\"Here are two quotation marks: \"\". Simple.\"\"\"",
      "Here are two quotation marks: \"\". Simple."
    ),
    ("\"\"\"\"quoted\"\"\"\"", "\"quoted\""),
    ("\"\"\"\"\"two\"\"\"\"\"", "\"\"two\"\""),
    ("'''\nfirst\n  second\\n'''", "first\n  second\\n"),
    ("'''I [dw]on't need \\d{2} apples'''", "I [dw]on't need \\d{2} apples"),
    ("''''one quote''''", "'one quote'"),
    ("'''''two quotes'''''", "''two quotes''"),
    ("\"\"\"\"\"\"", ""),
  ])
  func multiLineStrings(literal: String, expected: String) throws {
    #expect(try value(of: literal) == .string(expected))
  }

  @Test func linesAfterAMultiLineStringStayRight() throws {
    let root = try TOMLDocument.parse("a = \"\"\"\none\ntwo\n\"\"\"\nb = 1\nc = '''\n\n'''\nd = 2")
    #expect(root.line(of: "b") == 5)
    #expect(root.line(of: "d") == 9)
  }

  // MARK: - Integers

  @Test(
    arguments: [
      ("0", 0), ("+0", 0), ("-0", 0), ("42", 42), ("+99", 99), ("-17", -17),
      ("1_000", 1000), ("5_349_221", 5_349_221), ("1_2_3_4_5", 12345),
      ("0xDEADBEEF", 0xDEAD_BEEF), ("0xdead_beef", 0xDEAD_BEEF), ("0x00ff", 255),
      ("0o755", 0o755), ("0o01234567", 0o1234567), ("0b11010110", 0b1101_0110), ("0b1_0", 2),
      ("9223372036854775807", Int64.max), ("-9223372036854775808", Int64.min),
      ("0x7FFFFFFFFFFFFFFF", Int64.max),
    ] as [(String, Int64)])
  func integers(literal: String, expected: Int64) throws {
    #expect(try value(of: literal) == .integer(expected))
  }

  // MARK: - Floats

  @Test(arguments: [
    ("+1.0", 1.0, "+1.0"), ("3.1415", 3.1415, "3.1415"), ("-0.01", -0.01, "-0.01"),
    ("5e+22", 5e22, "5e+22"), ("1e06", 1e6, "1e06"), ("-2E-2", -2e-2, "-2E-2"),
    ("6.626e-34", 6.626e-34, "6.626e-34"), ("224_617.445_991", 224_617.445_991, "224617.445991"),
    ("0.5", 0.5, "0.5"), ("2.6", 2.6, "2.6"), ("0e0", 0, "0e0"), ("-0.0", -0.0, "-0.0"),
    ("1e1_0", 1e10, "1e10"),
  ])
  func floats(literal: String, expected: Double, text: String) throws {
    #expect(try value(of: literal) == .float(expected, text: text))
  }

  @Test func specialFloats() throws {
    #expect(try value(of: "inf")?.floatValue == .infinity)
    #expect(try value(of: "+inf")?.floatValue == .infinity)
    #expect(try value(of: "-inf")?.floatValue == -.infinity)
    #expect(try value(of: "nan")?.floatValue?.isNaN == true)
    #expect(try value(of: "-nan")?.numberText == "-nan")
  }

  @Test func integersAndFloatsGiveNumberText() throws {
    #expect(try value(of: "4")?.numberText == "4")
    #expect(try value(of: "-1_000")?.numberText == "-1000")
    #expect(try value(of: "\"4\"")?.numberText == nil)
    #expect(try value(of: "4")?.floatValue == nil)
  }

  // MARK: - Booleans

  @Test func booleans() throws {
    #expect(try value(of: "true") == .boolean(true))
    #expect(try value(of: "false")?.booleanValue == false)
  }

  // MARK: - Dates and times

  @Test func offsetDateTimes() throws {
    let utc = try #require(try value(of: "1979-05-27T07:32:00Z")?.dateTimeValue)
    #expect(utc.kind == .offsetDateTime)
    #expect(utc.offsetMinutes == 0)
    #expect(utc.date == .init(year: 1979, month: 5, day: 27))
    #expect(utc.time == .init(hour: 7, minute: 32, second: 0))

    let west = try #require(try value(of: "1979-05-27T00:32:00.999999-07:00")?.dateTimeValue)
    #expect(west.offsetMinutes == -420)
    #expect(west.time?.nanosecond == 999_999_000)
    #expect(west.text == "1979-05-27T00:32:00.999999-07:00")

    let spaced = try #require(try value(of: "2026-09-01 08:30:00+05:00")?.dateTimeValue)
    #expect(spaced.offsetMinutes == 300)
    #expect(spaced.text == "2026-09-01 08:30:00+05:00")
    #expect(try value(of: "1979-05-27t07:32:00z")?.dateTimeValue?.offsetMinutes == 0)
  }

  @Test func localKindsAreDistinct() throws {
    let dateTime = try #require(try value(of: "1979-05-27T07:32:00")?.dateTimeValue)
    #expect(dateTime.kind == .localDateTime)
    #expect(dateTime.offsetMinutes == nil)

    let date = try #require(try value(of: "2026-09-01")?.dateTimeValue)
    #expect(date.kind == .localDate)
    #expect(date.description == "2026-09-01")

    let time = try #require(try value(of: "00:32:00.123456789123")?.dateTimeValue)
    #expect(time.kind == .localTime)
    #expect(time.date == nil)
    #expect(time.time == .init(hour: 0, minute: 32, second: 0, nanosecond: 123_456_789))
    #expect(try value(of: "07:32:00")?.typeName == "a local time")
    #expect(try value(of: "1979-05-27 07:32:00")?.typeName == "a local date-time")
    #expect(try value(of: "1979-05-27T07:32:00Z")?.typeName == "an offset date-time")
  }

  @Test func aLocalDateFollowedByACommentIsStillADate() throws {
    let root = try TOMLDocument.parse("since = 2026-09-01 # first day\nnext = 1")
    #expect(root["since"]?.dateTimeValue?.kind == .localDate)
    #expect(root["next"]?.integerValue == 1)
  }

  @Test func leapDays() throws {
    #expect(try value(of: "2024-02-29")?.dateTimeValue?.date?.day == 29)
    #expect(try value(of: "2000-02-29")?.dateTimeValue != nil)
    #expect(parseError("v = 2026-02-29")?.message == "'2026-02-29' is not a real date")
    #expect(parseError("v = 1900-02-29") != nil)
  }

  // MARK: - Arrays

  @Test func arrays() throws {
    #expect(try value(of: "[]") == .array([]))
    let text = """
      mixed = [
        1,       # a comment after an element
        "two",   # TOML 1.0 allows mixed types
        [3.0, [true]],
        { four = 4 },
        2026-09-01,
      ]
      after = 0
      """
    let root = try TOMLDocument.parse(text)
    let mixed = try #require(root["mixed"]?.arrayValue)
    #expect(
      mixed.map(\.typeName) == ["an integer", "a string", "an array", "a table", "a local date"])
    #expect(mixed.map(\.line) == [2, 3, 4, 5, 6])
    #expect(mixed.map(\.column) == [3, 3, 3, 3, 3])
    #expect(mixed[2].arrayValue?[1].arrayValue?.first?.booleanValue == true)
    #expect(mixed[3].tableValue?["four"]?.integerValue == 4)
    #expect(root.line(of: "after") == 8)
  }

  @Test func emptyArrayWithOnlyComments() throws {
    let root = try TOMLDocument.parse("a = [ # nothing\n  # still nothing\n]\nb = [1,]")
    #expect(root["a"]?.arrayValue?.isEmpty == true)
    #expect(root["b"]?.arrayValue?.count == 1)
    #expect(root.line(of: "b") == 4)
  }

  // MARK: - Inline tables

  @Test func inlineTables() throws {
    let root = try TOMLDocument.parse(
      #"point = { x = 1, y = 2 }"# + "\n" + #"animal = { type.name = "pug", "a b" = {} }"#)
    let point = try #require(root["point"]?.tableValue)
    #expect(point.keys == ["x", "y"])
    let animal = try #require(root["animal"]?.tableValue)
    #expect(animal["type"]?.tableValue?["name"]?.stringValue == "pug")
    #expect(animal["a b"]?.tableValue?.isEmpty == true)
    #expect(animal.line(of: "type") == 2)
    #expect(try value(of: "{}")?.tableValue?.count == 0)
  }

  @Test func accessorsAnswerNilOnMismatch() throws {
    let node = try #require(TOMLDocument.parse("v = 'x'")["v"])
    #expect(node.integerValue == nil)
    #expect(node.booleanValue == nil)
    #expect(node.dateTimeValue == nil)
    #expect(node.arrayValue == nil)
    #expect(node.tableValue == nil)
    #expect(node.floatValue == nil)
    #expect(node.typeName == "a string")
    #expect(try value(of: "1.5")?.typeName == "a float")
    #expect(try value(of: "true")?.typeName == "a boolean")
    #expect(TOMLTable().isEmpty)
  }
}
