import DiaryRules
import Foundation
import GradeStore

/// What the CSV fuzzer does with one input, shared by the libFuzzer entry and the regression
/// tests: the bytes are read as one file of an import set, exactly as the import reads it
/// (size, encoding, delimiter, header, records), and every field goes through the parsers the
/// import checks cells with.
///
/// Refusing the bytes is fine; crashing is not, and neither is a refusal that breaks what
/// DESIGN §2 promises of an error: one line, naming a line of the file.
public enum CSVFuzzTarget {
  /// The name the file is read under; it only appears in messages.
  public static let fileName = "fuzz.csv"

  /// How one input went.
  public struct Outcome: Sendable {
    /// Records read after the header, whether or not a later one was malformed.
    public var records = 0
    /// The problem that stopped the reader, nil when the whole file was read.
    public var problem: ImportProblem?
    /// Broken promises, each a sentence; the fuzzer stops on the first.
    public var violations: [String] = []
  }

  /// How many distinct fields of one input go through the cell parsers.
  static let checkedFields = 64

  /// A zone without daylight saving (the sample school's) and one with it, so that times on
  /// both sides of a clock change are parsed.
  static let parsers = [
    ImportValueParser(timeZone: TimeZone(identifier: "Asia/Yekaterinburg") ?? .gmt),
    ImportValueParser(timeZone: TimeZone(identifier: "America/New_York") ?? .gmt),
  ]

  /// Reads `bytes` and checks what came out; never throws, and traps only where the code under
  /// test does.
  public static func run(_ bytes: [UInt8]) -> Outcome {
    var outcome = Outcome()
    let lastLine = bytes.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    do {
      let file = try CSVFile(bytes: bytes, name: fileName)
      if file.header.isEmpty { outcome.violations.append("a file was read without a header") }
      // Each distinct field once, and no more than `checkedFields` of them: the parsers cost
      // far more than reading, and the fuzzer should spend its time on the reader.
      var checked: Set<String> = []
      func check(_ fields: [String]) {
        for field in fields where checked.count < checkedFields && checked.insert(field).inserted {
          checkField(field, &outcome)
        }
      }
      check(file.header)
      var records = file.makeRecords()
      var previousLine = 1
      while let record = try records.next() {
        outcome.records += 1
        if record.line <= previousLine || record.line > lastLine {
          outcome.violations.append(
            "record \(outcome.records) starts on line \(record.line), after line "
              + "\(previousLine), in a file of \(lastLine) lines")
        }
        previousLine = record.line
        check(record.fields)
      }
    } catch {
      outcome.problem = error
      checkProblem(error, lastLine: lastLine, &outcome)
    }
    return outcome
  }

  /// DESIGN §2: `file:line: column: message` on one line, the line one of the file's.
  static func checkProblem(_ problem: ImportProblem, lastLine: Int, _ outcome: inout Outcome) {
    let text = problem.description
    if text.contains(where: \.isNewline) {
      outcome.violations.append("the error is more than one line: \(text.debugDescription)")
    }
    if problem.file != fileName || !(1...lastLine).contains(problem.line) {
      outcome.violations.append(
        "the error names \(problem.file):\(problem.line), not a line of \(fileName) "
          + "(1…\(lastLine)): \(text.debugDescription)")
    }
  }

  /// Puts one field through every cell parser of the import and checks the few things their
  /// documentation promises that can be checked without a store.
  static func checkField(_ field: String, _ outcome: inout Outcome) {
    _ = ImportValueParser.date(field)
    for parser in parsers { _ = parser.time(field) }
    _ = ImportValueParser.decimal(field)
    _ = ImportValueParser.decimal(field, allowsSign: true)
    _ = ImportValueParser.yesNo(field)
    _ = AttendanceCode(code: ImportValueParser.code(field))
    _ = DocumentKind(code: ImportValueParser.code(field))

    let trimmed = field.trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
    let integer = ImportValueParser.integer(field)
    if integer != Int(trimmed) {
      outcome.violations.append(
        "integer(\(field.debugDescription)) is \(integer.map(String.init) ?? "nil"), "
          + "Swift reads \(Int(trimmed).map(String.init) ?? "nil")")
    }
    let code = ImportValueParser.code(field)
    if ImportValueParser.code(code) != code {
      outcome.violations.append("code(\(field.debugDescription)) changes when applied again")
    }
    if let grades = GradeSet(parsing: field), GradeSet(parsing: grades.description) != grades {
      outcome.violations.append(
        "grades \(field.debugDescription) read back from '\(grades)' differ")
    }
    if IDRule.isValid(field) {
      let scalars = field.unicodeScalars
      let unsafe = scalars.contains {
        $0 == "/" || $0.properties.isWhitespace || $0.properties.generalCategory == .control
      }
      if unsafe || scalars.count > IDRule.maximumLength {
        outcome.violations.append("\(field.debugDescription) passes as an id")
      }
    }
  }
}
