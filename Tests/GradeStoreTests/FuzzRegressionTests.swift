import Foundation
import FuzzCSV
import GradeStore
import PDFTestSupport
import Testing

/// Replays what `make fuzz` kept for the import reader (Tests/FuzzRegressions/csv, and the
/// crash artifacts under crashes/csv) through the fuzzer's own code: every input is read or
/// refused with an `ImportProblem` of one line that names a line of the file, and none crashes.
@Suite struct FuzzRegressionTests {
  @Test func inputsAreKept() {
    #expect(
      FuzzRegressionInputs.paths("csv").count > 10,
      "no kept inputs under \(FuzzRegressionInputs.folder.path)/csv")
  }

  @Test(arguments: FuzzRegressionInputs.paths("csv")) func keptInput(_ path: String) throws {
    let bytes = try FuzzRegressionInputs.bytes(path)
    let outcome = CSVFuzzTarget.run(bytes)
    #expect(outcome.violations == [], "\(path)")
  }

  // MARK: - What the fuzzer found

  /// A quoted header field may hold a line break (or a form feed); an error that names it as
  /// its column must still be one line.
  @Test func columnWithALineBreakIsShownOnOneLine() {
    let outcome = CSVFuzzTarget.run(Array("\"a\nb\",c\n\"x\"y,1\n".utf8))
    #expect(outcome.violations == [])
    #expect(
      outcome.problem?.description
        == "fuzz.csv:3: a?b: text after the closing quote: a quoted field must end at ',' or "
        + "the line's end")
    let formFeed = CSVFuzzTarget.run([0x0C, 0xA8, 0x0A, 0x04, 0x0C, 0x3C, 0x22])
    #expect(formFeed.violations == [])
    #expect(formFeed.problem?.description.hasPrefix("fuzz.csv:2: ?ё: '\"' inside") == true)
  }
}
