import PlainTOML
import Testing

@Suite("Errors: where and what")
struct ErrorTests {
  struct Case: CustomTestStringConvertible, Sendable {
    let text: String
    let line: Int
    let column: Int
    let message: String
    var testDescription: String { message }
  }

  static let cases: [Case] = [
    // Keys and '='
    Case(
      text: "name = 1\nshort_name \"СОШ\"", line: 2, column: 12,
      message: "expected '=' after key 'short_name', found '\"'"),
    Case(
      text: "a = 1\n\nmin_marks\n", line: 3, column: 10,
      message: "expected '=' after key 'min_marks', found the end of the line"),
    Case(text: "a = 1\nb =   \n", line: 2, column: 7, message: "key 'b' has no value after '='"),
    Case(text: "b = # nothing", line: 1, column: 5, message: "key 'b' has no value after '='"),
    Case(text: "= 1", line: 1, column: 1, message: "expected a key, found '='"),
    Case(
      text: "x = 1\nимя = \"Иван\"", line: 2, column: 1,
      message: "the key 'имя' must be written in quotes, like \"имя\": without quotes a key "
        + "may only use the letters A-Z and a-z, digits, '_' and '-'"),
    Case(text: "a. = 1", line: 1, column: 4, message: "expected a key, found '='"),
    Case(
      text: "\"\"\"key\"\"\" = 1", line: 1, column: 1,
      message: "a key cannot be a multi-line string"),
    // Duplicates and redefinitions
    Case(
      text: "[grading]\nmarks = [2, 3]\n\nmarks = [4, 5]", line: 4, column: 1,
      message: "duplicate key 'marks' (first at line 2)"),
    Case(
      text: "a.b = 1\na.b = 2", line: 2, column: 3,
      message: "duplicate key 'a.b' (first at line 1)"),
    Case(
      text: "[grading]\nx = 1\n[other]\n[grading]", line: 4, column: 1,
      message: "table [grading] is defined twice (first at line 1)"),
    Case(
      text: "[a]\nb = 1\n[a.b]", line: 3, column: 1,
      message: "'a.b' already holds an integer (line 2); it cannot also be a table"),
    Case(
      text: "[fruit]\napple.color = \"red\"\n[fruit.apple]", line: 3, column: 1,
      message: "table [fruit.apple] was already made with dotted keys at line 2"),
    Case(
      text: "[a.b.c]\nz = 9\n[a]\nb.c.t = 1", line: 4, column: 3,
      message: "table [a.b.c] is defined by its header at line 1; "
        + "write this key under that header instead"),
    Case(
      text: "a = {x = 1}\na.y = 2", line: 2, column: 1,
      message: "'a' is an inline table (line 1), which cannot be extended afterwards"),
    Case(
      text: "a = {x = 1}\n[a.b]", line: 2, column: 2,
      message: "'a' is an inline table (line 1), which cannot be extended afterwards"),
    Case(
      text: "p = { x = 1, x = 2 }", line: 1, column: 14,
      message: "duplicate key 'x' (first at line 1)"),
    Case(
      text: "[[fruit]]\n[fruit]", line: 2, column: 1,
      message: "[fruit] is an array of tables (line 1); write [[fruit]] to add a table to it"),
    Case(
      text: "[fruit]\n[[fruit]]", line: 2, column: 1,
      message: "[fruit] is already a table (line 1); it cannot also be an array of tables"),
    Case(
      text: "fruits = []\n[[fruits]]", line: 2, column: 1,
      message: "'fruits' is an array written at line 1; [[fruits]] cannot add to it"),
    Case(
      text: "days = [1]\ndays.first = 2", line: 2, column: 1,
      message: "'days' already holds an array (line 1); it cannot also be a table"),
    Case(
      text: "[[a.t]]\n[a]\nt.y = 2", line: 3, column: 1,
      message: "'a.t' is an array of tables (line 1); dotted keys cannot add to it"),
    // Strings
    Case(
      text: "name = \"МБОУ\nshort = 1", line: 1, column: 8,
      message: "unterminated string: the closing '\"' must be on the same line"),
    Case(
      text: "a = 1\nname = \"МБОУ", line: 2, column: 8,
      message: "unterminated string: the closing '\"' is missing"),
    Case(
      text: "a = 'x\n'", line: 1, column: 5,
      message: "unterminated string: the closing \"'\" must be on the same line"),
    Case(
      text: "a = \"\"\"\nx\n\ny", line: 1, column: 5,
      message: "unterminated string: the closing '\"\"\"' is missing"),
    Case(
      text: "a = '''\nx", line: 1, column: 5,
      message: "unterminated string: the closing \"'''\" is missing"),
    Case(
      text: "path = \"C:\\temp\\docs\"", line: 1, column: 16,
      message: "invalid escape '\\d' in a string; the escapes are \\b \\t \\n \\f \\r \\\" "
        + "\\\\ \\uXXXX \\UXXXXXXXX, and a backslash itself is written '\\\\'"),
    Case(
      text: "a = \"\\u12\"", line: 1, column: 6,
      message: "'\\u' must be followed by exactly 4 hexadecimal digits (0-9, A-F); "
        + "a backslash itself is written '\\\\'"),
    Case(
      text: "path = \"C:\\Users\"", line: 1, column: 11,
      message: "'\\U' must be followed by exactly 8 hexadecimal digits (0-9, A-F); "
        + "a backslash itself is written '\\\\'"),
    Case(
      text: "a = \"\\uD800\"", line: 1, column: 6,
      message: "'\\uD800' is not a valid Unicode character"),
    Case(
      text: "a = \"\\U00110000\"", line: 1, column: 6,
      message: "'\\U00110000' is not a valid Unicode character"),
    Case(
      text: "a = \"bell\u{07}\"", line: 1, column: 10,
      message: "control character U+0007 is not allowed in a string; use an escape"),
    Case(
      text: "a = \"\"\"x\"\"\"\"\"\"", line: 1, column: 9,
      message: "too many quotes in a row: three end the string, at most two may precede them"),
    // Numbers
    Case(
      text: "x = 1\nmin_marks = 007", line: 2, column: 13,
      message: "invalid number '007': leading zeros are not allowed"),
    Case(
      text: "big = 9223372036854775808", line: 1, column: 7,
      message: "the number '9223372036854775808' is too large "
        + "(integers go up to 9223372036854775807)"),
    Case(
      text: "n = 1__000", line: 1, column: 5,
      message: "invalid number '1__000': '_' may only stand between two digits"),
    Case(
      text: "n = -0x1F", line: 1, column: 5,
      message: "invalid number '-0x1F': a hexadecimal, octal or binary number has no sign"),
    Case(text: "n = 0b102", line: 1, column: 5, message: "invalid number '0b102'"),
    Case(
      text: "share = .5", line: 1, column: 9,
      message: "invalid number '.5': write decimals with a dot and digits on both sides, "
        + "like 2.5"),
    Case(
      text: "share = 5.", line: 1, column: 9,
      message: "invalid number '5.': write decimals with a dot and digits on both sides, "
        + "like 2.5"),
    Case(
      text: "share = 0,5", line: 1, column: 10,
      message: "expected the end of the line after the value of 'share', found ','"),
    // Text without quotes
    Case(
      text: "timezone = Asia/Yekaterinburg", line: 1, column: 12,
      message: "invalid value 'Asia/Yekaterinburg': text must be written in quotes, like "
        + "\"Asia/Yekaterinburg\""),
    Case(
      text: "name = Иван Петров # teacher", line: 1, column: 8,
      message: "invalid value 'Иван Петров': text must be written in quotes, like "
        + "\"Иван Петров\""),
    Case(
      text: "days = [mon, tue]", line: 1, column: 9,
      message: "invalid value 'mon': text must be written in quotes, like \"mon\""),
    Case(
      text: "flag = True", line: 1, column: 8,
      message: "invalid value 'True': text must be written in quotes, like \"True\""),
    // Dates
    Case(
      text: "since = 2026-13-01", line: 1, column: 9, message: "'2026-13-01' is not a real date"),
    Case(
      text: "since = 2026-9-1", line: 1, column: 9,
      message: "invalid date '2026-9-1': write dates as YYYY-MM-DD"),
    Case(
      text: "at = 25:00:00", line: 1, column: 6, message: "'25:00:00' is not a real time of day"),
    Case(
      text: "at = 08:30", line: 1, column: 6,
      message: "invalid time in '08:30': write times as HH:MM:SS, like 08:30:00"),
    Case(
      text: "at = 2026-09-01T08:30:00+5", line: 1, column: 6,
      message: "invalid time zone offset in '2026-09-01T08:30:00+5': write Z or +HH:MM, "
        + "like +05:00"),
    // Arrays and inline tables
    Case(
      text: "marks = [2, 3, 4\nx = 1", line: 2, column: 1,
      message: "expected ',' or ']' after an element of the array that starts at line 1, "
        + "found 'x'"),
    Case(
      text: "marks = [2, 3,\n  4,\n", line: 1, column: 9,
      message: "unterminated array: the closing ']' is missing"),
    Case(text: "marks = [2,,3]", line: 1, column: 12, message: "expected a value, found ','"),
    Case(
      text: "t = { a = 1,\n b = 2 }", line: 1, column: 13,
      message: "an inline table must be written on one line; "
        + "close it with '}' before the line ends"),
    Case(
      text: "t = { a = 1, }", line: 1, column: 14,
      message: "a comma before '}' is not allowed in an inline table"),
    Case(
      text: "t = { a = 1 b = 2 }", line: 1, column: 13,
      message: "expected ',' or '}' in the inline table, found 'b'"),
    Case(
      text: "t = { a = 1", line: 1, column: 5,
      message: "unterminated inline table: the closing '}' is missing"),
    // Headers and line ends
    Case(
      text: "[grading\nmarks = 1", line: 1, column: 9,
      message: "expected ']' to close the header [grading], found the end of the line"),
    Case(
      text: "[[fruits]\n", line: 1, column: 10,
      message: "expected ']]' to close the header [[fruits]], found the end of the line"),
    Case(
      text: "[[fruits] ]", line: 1, column: 10,
      message: "expected ']]' to close the header [[fruits]], found ' '"),
    Case(text: "[]", line: 1, column: 2, message: "expected a key, found ']'"),
    Case(
      text: "[a] b = 1", line: 1, column: 5,
      message: "expected the end of the line after the header [a], found 'b'"),
    Case(
      text: "a = 1 b = 2", line: 1, column: 7,
      message: "expected the end of the line after the value of 'a', found 'b'"),
    Case(
      text: "a = 1 # bad \u{01} comment", line: 1, column: 13,
      message: "control character U+0001 is not allowed in a comment"),
    Case(
      text: "a = 1\rb = 2", line: 1, column: 6,
      message: "expected the end of the line after the value of 'a', "
        + "found control character U+000D"),
  ]

  @Test(arguments: cases)
  func errorIsReportedWhereItIs(_ testCase: Case) throws {
    let error = try #require(parseError(testCase.text), "should not parse: \(testCase.text)")
    #expect(error.message == testCase.message)
    #expect(error.line == testCase.line, "\(error)")
    #expect(error.column == testCase.column, "\(error)")
  }

  @Test func descriptionSaysLineAndColumn() {
    let error = TOMLError(line: 7, column: 3, message: "unterminated string")
    #expect(error.description == "line 7, column 3: unterminated string")
    #expect(error.description(inFile: "sheet.toml") == "sheet.toml:7: unterminated string")
  }

  @Test func validCombinationsThatLookSuspicious() throws {
    // An implicit table may be defined later, once.
    #expect(parseError("[a.b]\n[a]\nx = 1") == nil)
    // Headers may add sub-tables below tables made by dotted keys.
    #expect(parseError("[fruit]\napple.color = 1\n[fruit.apple.texture]\nsmooth = true") == nil)
    // A header below an array of tables goes into its last element.
    #expect(parseError("[[a]]\n[a.b]\n[[a]]\n[a.b]") == nil)
    // Dotted keys may enter a table that headers only passed through.
    #expect(parseError("[a.b.c]\n[a]\nb.d = 1") == nil)
  }
}
