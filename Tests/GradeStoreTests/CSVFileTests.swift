import Foundation
import Testing

@testable import GradeStore

/// The import reader against DESIGN §2: encodings, delimiters, quoting and physical lines.
@Suite struct CSVFileTests {
  // MARK: - Helpers

  /// Reads `bytes` as `t.csv` and returns the file with all its records.
  func read(_ bytes: [UInt8]) throws -> (file: CSVFile, records: [CSVRecord]) {
    let file = try CSVFile(bytes: bytes, name: "t.csv")
    var records: [CSVRecord] = []
    try file.forEachRecord { records.append($0) }
    return (file, records)
  }

  func read(_ text: String) throws -> (file: CSVFile, records: [CSVRecord]) {
    try read(Array(text.utf8))
  }

  /// The problem reading `bytes` raises, header or records; nil when it reads cleanly.
  func problem(_ bytes: [UInt8]) -> ImportProblem? {
    do {
      _ = try read(bytes)
      return nil
    } catch let problem as ImportProblem {
      return problem
    } catch {
      Issue.record("unexpected error \(error)")
      return nil
    }
  }

  func problem(_ text: String) -> ImportProblem? { problem(Array(text.utf8)) }

  // MARK: - Encodings

  @Test func utf8WithoutBOM() throws {
    let (file, records) = try read("student_id,last_name\ns1,Иванов\n")
    #expect(file.encoding == .utf8)
    #expect(file.header == ["student_id", "last_name"])
    #expect(records == [CSVRecord(line: 2, fields: ["s1", "Иванов"])])
  }

  @Test func utf8WithBOMIsStripped() throws {
    let (file, records) = try read([0xEF, 0xBB, 0xBF] + Array("id;name\r\n1;Ёлкин\r\n".utf8))
    #expect(file.encoding == .utf8)
    #expect(file.delimiter == UInt8(ascii: ";"))
    #expect(file.header == ["id", "name"])
    #expect(records == [CSVRecord(line: 2, fields: ["1", "Ёлкин"])])
  }

  @Test func windows1251() throws {
    let ivanov: [UInt8] = [0xC8, 0xE2, 0xE0, 0xED, 0xEE, 0xE2]
    let bytes = Array("student_id;last_name\r\ns1;".utf8) + ivanov + Array("\r\n".utf8)
    let (file, records) = try read(bytes)
    #expect(file.encoding == .windows1251)
    #expect(records == [CSVRecord(line: 2, fields: ["s1", "Иванов"])])
  }

  /// `Сёмин` in Windows-1251 begins with D1 B8, which happens to be valid UTF-8 (`ё`): one valid
  /// sequence against three invalid bytes is still Windows-1251.
  @Test func windows1251WithAnAccidentalUTF8Sequence() throws {
    let semin: [UInt8] = [0xD1, 0xB8, 0xEC, 0xE8, 0xED]
    let (file, records) = try read(Array("name\n".utf8) + semin + [0x0A])
    #expect(file.encoding == .windows1251)
    #expect(records.first?.fields == ["Сёмин"])
  }

  @Test func windows1251FullTable() throws {
    let high = (0x80...0xFF).filter { $0 != 0x98 }.map { UInt8($0) }
    let (_, records) = try read(Array("x\n".utf8) + high)
    let expected =
      "ЂЃ‚ѓ„…†‡€‰Љ‹ЊЌЋЏђ‘’“”•–—™љ›њќћџ\u{A0}ЎўЈ¤Ґ¦§Ё©Є«¬\u{AD}®Ї°±Ііґµ¶·ё№є»јЅѕї"
      + "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюя"
    #expect(records.first?.fields == [expected])
  }

  @Test func windows1251UnassignedByteIsAnErrorAtItsLine() {
    let bytes = Array("a;b\n1;x\n2;".utf8) + [0xC8, 0xE2, 0x98, 0x0A]
    let problem = problem(bytes)
    #expect(problem?.line == 3)
    #expect(problem?.message.contains("0x98") == true)
  }

  @Test func brokenUTF8IsReportedAtTheLineOfTheFirstInvalidByte() {
    let bytes =
      Array("id,name\n1,Иванов\n2,Петров\n3,".utf8) + [0xD0] + Array("\n4,Сидоров\n".utf8)
    let problem = problem(bytes)
    #expect(problem?.line == 4)
    #expect(problem?.message.hasPrefix("broken UTF-8") == true)
    #expect(problem?.message.contains("Windows-1251") == true)
    #expect(problem?.column == nil)
  }

  @Test func invalidByteAfterABOMIsBrokenUTF8() {
    let problem = problem([0xEF, 0xBB, 0xBF] + Array("id\n".utf8) + [0xC8, 0x0A])
    #expect(problem?.line == 2)
    #expect(problem?.message.hasPrefix("broken UTF-8") == true)
  }

  @Test func nulByteIsRefusedAsBinary() {
    let problem = problem(Array("a,b\n1,2\n3,".utf8) + [0, 0x0A])
    #expect(problem?.line == 3)
    #expect(problem?.message == "binary data (NUL byte): export the table as CSV text")
  }

  @Test func utf16IsRefused() {
    let problem = problem([0xFF, 0xFE, 0x61, 0x00, 0x0A, 0x00])
    #expect(problem?.line == 1)
    #expect(problem?.message.contains("UTF-16") == true)
  }

  // MARK: - Size

  @Test func fileOverOneGiBIsRefusedBeforeReading() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("csvfile-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("marks.csv")
    #expect(FileManager.default.createFile(atPath: url.path, contents: Data("a,b\n".utf8)))
    let handle = try FileHandle(forWritingTo: url)
    try handle.truncate(atOffset: UInt64(CSVFile.maximumSize) + 1)
    try handle.close()

    #expect(throws: ImportProblem.self) { try CSVFile(url: url, name: "marks.csv") }
    do {
      _ = try CSVFile(url: url, name: "marks.csv")
    } catch {
      #expect(error.line == 1)
      #expect(error.message.contains("1073741825"))
      #expect(error.message.contains("1073741824"))
    }
  }

  @Test func fileReadFromDisk() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("csvfile-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("classes.csv")
    try Data("class_id,name\n7b,7Б\n".utf8).write(to: url)
    let file = try CSVFile(url: url, name: "classes.csv")
    var records: [CSVRecord] = []
    try file.forEachRecord { records.append($0) }
    #expect(file.name == "classes.csv")
    #expect(records == [CSVRecord(line: 2, fields: ["7b", "7Б"])])
  }

  @Test func missingFileIsAProblemAtLineOne() {
    let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/marks.csv")
    #expect(throws: ImportProblem.self) { try CSVFile(url: url, name: "marks.csv") }
  }

  // MARK: - Header and delimiter

  @Test(arguments: [
    ("a,b,c\n", UInt8(ascii: ","), ["a", "b", "c"]),
    ("a;b;c\n", UInt8(ascii: ";"), ["a", "b", "c"]),
    ("a;b,c\n", UInt8(ascii: ","), ["a;b", "c"]),
    ("\"x,y\";b;c\n", UInt8(ascii: ";"), ["x,y", "b", "c"]),
    (" Student_ID ; Last Name\r\n", UInt8(ascii: ";"), ["student_id", "last name"]),
    ("ONLY", UInt8(ascii: ","), ["only"]),
  ])
  func delimiterAndHeader(text: String, delimiter: UInt8, header: [String]) throws {
    let file = try CSVFile(bytes: Array(text.utf8), name: "t.csv")
    #expect(file.delimiter == delimiter)
    #expect(file.header == header)
  }

  @Test(arguments: ["", "\n", "\r\n", "\na,b\n"])
  func missingHeaderIsAProblemAtLineOne(text: String) {
    #expect(problem(text)?.line == 1)
  }

  @Test func semicolonFileKeepsCommasInFields() throws {
    let (_, records) = try read("id;weight\n1;1,5\n2;\"2,25\"\n")
    #expect(records.map(\.fields) == [["1", "1,5"], ["2", "2,25"]])
  }

  // MARK: - Records and lines

  @Test func quotedFieldWithNewlineMovesLaterRecordsDown() throws {
    let text = "id,comment\nm1,\"first line\nsecond line\"\nm2,\"a, b\"\nm3,plain\n"
    let (_, records) = try read(text)
    #expect(
      records == [
        CSVRecord(line: 2, fields: ["m1", "first line\nsecond line"]),
        CSVRecord(line: 4, fields: ["m2", "a, b"]),
        CSVRecord(line: 5, fields: ["m3", "plain"]),
      ])
  }

  @Test func crlfLinesAndQuotedCRLF() throws {
    let text = "id,comment\r\nm1,\"x\r\ny\"\r\nm2,z\r\n"
    let (_, records) = try read(text)
    #expect(
      records == [
        CSVRecord(line: 2, fields: ["m1", "x\r\ny"]),
        CSVRecord(line: 4, fields: ["m2", "z"]),
      ])
  }

  @Test func blankLinesAreSkippedButCounted() throws {
    let text = "a,b\n\n1,2\r\n\r\n\n3,4\n\n"
    let (_, records) = try read(text)
    #expect(
      records == [CSVRecord(line: 3, fields: ["1", "2"]), CSVRecord(line: 6, fields: ["3", "4"])])
  }

  @Test func lastRecordWithoutLineEnd() throws {
    #expect(try read("a,b\n1,2").records == [CSVRecord(line: 2, fields: ["1", "2"])])
    #expect(try read("a,b\n1,2\r").records == [CSVRecord(line: 2, fields: ["1", "2"])])
    #expect(try read("a,b\n1,\"2\"").records == [CSVRecord(line: 2, fields: ["1", "2"])])
  }

  @Test(arguments: [
    ("1,2", ["1", "2"]),
    (" 1 ,\t2\t", ["1", "2"]),
    ("\" 1 \",2", [" 1 ", "2"]),
    ("  \"1\"  ,2", ["1", "2"]),
    ("\"He said \"\"hi\"\"\",x", ["He said \"hi\"", "x"]),
    ("\"\"\"\",\"\"", ["\"", ""]),
    ("1,", ["1", ""]),
    (",", ["", ""]),
    ("1,2,3", ["1", "2", "3"]),
    ("a\rb,c", ["a\rb", "c"]),
    ("   ", [""]),
  ])
  func fields(line: String, fields: [String]) throws {
    let (_, records) = try read("a,b\n" + line + "\n")
    #expect(records == [CSVRecord(line: 2, fields: fields)])
  }

  @Test func quoteInsideAnUnquotedFieldIsAnErrorAtTheRecordLine() {
    let problem = problem("id,comment\n1,ok\n2,5\" screen\n")
    #expect(problem?.line == 3)
    #expect(problem?.column == "comment")
    #expect(problem?.message.contains("unquoted") == true)
  }

  @Test func textAfterAClosingQuoteIsAnErrorAtTheRecordLine() {
    let problem = problem("id,comment\n1,\"multi\nline\"x\n")
    #expect(problem?.line == 2)
    #expect(problem?.column == "comment")
    #expect(problem?.message.contains("after the closing quote") == true)
  }

  @Test func unclosedQuoteIsAnErrorAtTheRecordLine() {
    let problem = problem("id,comment\n1,ok\n2,\"never closed\n3,x\n4,y\n")
    #expect(problem?.line == 3)
    #expect(problem?.message.contains("never closed") == true)
  }

  @Test func badQuotingInTheHeaderIsAtLineOne() {
    let problem = problem("id,com\"ment\n1,2\n")
    #expect(problem?.line == 1)
    #expect(problem?.column == nil)
  }

  @Test func errorsFromTheBodyPassThrough() throws {
    struct Stop: Error {}
    let file = try CSVFile(bytes: Array("a\n1\n2\n3\n".utf8), name: "t.csv")
    var seen: [String] = []
    #expect(throws: Stop.self) {
      try file.forEachRecord { record in
        seen.append(record.fields[0])
        if record.fields[0] == "2" { throw Stop() }
      }
    }
    #expect(seen == ["1", "2"])
  }

  @Test func recordsCursorCanBeWalkedTwice() throws {
    let file = try CSVFile(bytes: Array("a\n1\n\n2\n".utf8), name: "t.csv")
    for _ in 0..<2 {
      var records = file.makeRecords()
      #expect(try records.next()?.line == 2)
      #expect(try records.next()?.line == 4)
      #expect(try records.next() == nil)
      #expect(try records.next() == nil)
    }
  }

  @Test func manyRecordsKeepTheirLines() throws {
    var text = "id,comment\n"
    for i in 0..<1000 {
      text += i % 10 == 0 ? "m\(i),\"two\nlines\"\n" : "m\(i),x\n"
    }
    let (_, records) = try read(text)
    #expect(records.count == 1000)
    var line = 2
    for (i, record) in records.enumerated() {
      #expect(record.line == line)
      #expect(record.fields[0] == "m\(i)")
      line += i % 10 == 0 ? 2 : 1
    }
  }
}
