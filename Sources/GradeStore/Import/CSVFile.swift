import Foundation

/// The text encoding an import file was found to be in (DESIGN §2): e-journals export UTF-8,
/// Russian Excel saves Windows-1251, and a file says nothing about which it is.
public enum CSVEncoding: String, Sendable, Hashable, CustomStringConvertible {
  case utf8 = "UTF-8"
  case windows1251 = "Windows-1251"

  public var description: String { rawValue }
}

/// One record of an import file: its fields and the physical line it starts on, which is what
/// every error about the record names.
public struct CSVRecord: Sendable, Hashable {
  /// 1-based physical line on which the record starts (the header is line 1).
  public let line: Int
  /// The fields in file order; unquoted ones trimmed of surrounding spaces and tabs.
  public let fields: [String]

  public init(line: Int, fields: [String]) {
    self.line = line
    self.fields = fields
  }
}

/// One CSV file of an import set, read as RFC 4180 with the header row parsed.
///
/// The file is read once into memory, checked (size, binary content, encoding) and transcoded
/// to UTF-8 up front, so that the records can then be walked one at a time without ever
/// holding them all: `marks.csv` may have a million and a half rows.
public struct CSVFile: Sendable {
  /// Files above 1 GiB are refused before they are read (DESIGN §2).
  public static let maximumSize = 1 << 30

  /// The file's name inside the import set, used in every error.
  public let name: String
  /// The encoding detected for the file.
  public let encoding: CSVEncoding
  /// `,` or `;`, whichever the header row uses more of.
  public let delimiter: UInt8
  /// Column names from the header row, trimmed and lower-cased.
  public let header: [String]

  /// The whole file as UTF-8 without a byte order mark.
  private let text: [UInt8]
  /// Offset and physical line of the first byte after the header row.
  private let bodyStart: Int
  private let bodyLine: Int

  /// Reads the file at `url`, refusing it before reading when it is over `maximumSize` or is
  /// not a regular file (`ImportFileReader`).
  public init(url: URL, name: String) throws(ImportProblem) {
    let bytes = try ImportFileReader.bytes(of: url, name: name, limit: CSVFile.maximumSize) {
      CSVFile.tooLarge(name: name, size: $0)
    }
    try self.init(bytes: bytes, name: name)
  }

  /// Reads a file's raw bytes; the file initializer ends here, and tests and fuzzing start here.
  public init(bytes: [UInt8], name: String) throws(ImportProblem) {
    if bytes.count > CSVFile.maximumSize {
      throw CSVFile.tooLarge(name: name, size: bytes.count)
    }
    self.name = name
    let (encoding, text) = try CSVFile.decode(bytes, name: name)
    self.encoding = encoding
    self.text = text

    let delimiter = text.withUnsafeBufferPointer { CSVFile.detectDelimiter($0) }
    self.delimiter = delimiter
    var reader = CSVRecordReader(file: name, delimiter: delimiter, columns: [])
    var position = 0
    var line = 1
    let header = try text.withUnsafeBufferPointer { (p) throws(ImportProblem) -> CSVRecord? in
      let blank =
        p.isEmpty || p[0] == CSVByte.lf
        || (p[0] == CSVByte.cr && (p.count == 1 || p[1] == CSVByte.lf))
      if blank { return nil }
      return try reader.read(p, position: &position, line: &line)
    }
    guard let header else {
      throw ImportProblem(
        file: name, line: 1, message: "no header row: line 1 must name the columns")
    }
    self.header = header.fields.map { CSVFile.columnName($0) }
    bodyStart = position
    bodyLine = line
  }

  // MARK: - Records

  /// Calls `body` with each record after the header, in file order, skipping blank lines.
  ///
  /// Malformed quoting stops the walk with an `ImportProblem` at the record's line; errors
  /// thrown by `body` pass through unchanged.
  public func forEachRecord(_ body: (CSVRecord) throws -> Void) throws {
    var records = makeRecords()
    while let record = try records.next() {
      try body(record)
    }
  }

  /// A cursor over the records, for callers that want typed throws or to stop early.
  public func makeRecords() -> Records {
    Records(
      text: text, position: bodyStart, line: bodyLine,
      reader: CSVRecordReader(file: name, delimiter: delimiter, columns: header))
  }

  /// A forward-only cursor over the records of a `CSVFile`; holds one record at a time.
  public struct Records: Sendable {
    fileprivate let text: [UInt8]
    fileprivate var position: Int
    fileprivate var line: Int
    fileprivate var reader: CSVRecordReader

    /// The next record, or nil at the end of the file.
    public mutating func next() throws(ImportProblem) -> CSVRecord? {
      let text = self.text
      return try text.withUnsafeBufferPointer { (p) throws(ImportProblem) -> CSVRecord? in
        try reader.read(p, position: &position, line: &line, skippingBlankLines: true)
      }
    }
  }

  // MARK: - Header

  /// Counts `,` and `;` outside quotes on the header row; more `;` than `,` means `;`.
  static func detectDelimiter(_ p: UnsafeBufferPointer<UInt8>) -> UInt8 {
    var commas = 0
    var semicolons = 0
    var quoted = false
    for byte in p {
      switch byte {
      case CSVByte.quote: quoted.toggle()
      case CSVByte.comma where !quoted: commas += 1
      case CSVByte.semicolon where !quoted: semicolons += 1
      case CSVByte.lf where !quoted: return semicolons > commas ? CSVByte.semicolon : CSVByte.comma
      default: break
      }
    }
    return semicolons > commas ? CSVByte.semicolon : CSVByte.comma
  }

  /// Header names match without regard to surrounding spaces or case (` Student_ID` works).
  static func columnName(_ field: String) -> String {
    field.trimmingCharacters(in: .whitespaces).lowercased()
  }

  static func tooLarge(name: String, size: Int) -> ImportProblem {
    ImportProblem(
      file: name, line: 1,
      message: "file is \(size) bytes, over the limit of \(maximumSize) bytes (1 GiB)")
  }

  // MARK: - Encoding

  /// Refuses binary files and decides the encoding as DESIGN §2 prescribes, returning the
  /// text as UTF-8 without a byte order mark.
  static func decode(
    _ bytes: [UInt8], name: String
  ) throws(ImportProblem) -> (CSVEncoding, [UInt8]) {
    let scan = bytes.withUnsafeBufferPointer { UTF8Scan(UnsafeRawBufferPointer($0)) }
    if bytes.count >= 2,
      (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)
    {
      throw ImportProblem(
        file: name, line: 1,
        message: "UTF-16 text: re-save the file as CSV in UTF-8 or Windows-1251")
    }
    if let nul = scan.firstNUL {
      throw ImportProblem(
        file: name, line: physicalLine(of: nul, in: bytes),
        message: "binary data (NUL byte): export the table as CSV text")
    }
    let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    guard let invalid = scan.firstInvalid else {
      return (.utf8, hasBOM ? Array(bytes[3...]) : bytes)
    }
    if hasBOM || scan.validMultiByte > scan.invalidBytes {
      let hex = String(bytes[invalid], radix: 16, uppercase: true)
      throw ImportProblem(
        file: name, line: physicalLine(of: invalid, in: bytes),
        message: "broken UTF-8 (byte 0x\(hex) is not part of a character): "
          + "re-save the file as UTF-8 or Windows-1251")
    }
    return (.windows1251, try windows1251ToUTF8(bytes, name: name))
  }

  /// Transcodes Windows-1251 to UTF-8; 0x98, the one unassigned byte, is an error at its line.
  static func windows1251ToUTF8(_ bytes: [UInt8], name: String) throws(ImportProblem) -> [UInt8] {
    let utf8 = windows1251UTF8
    var unassigned: Int?
    let text = bytes.withUnsafeBufferPointer { input in
      // Each byte above 0x7F becomes two or three bytes of UTF-8; one spare byte lets every
      // character be stored as a whole 32-bit word.
      var high = 0
      for byte in input { high &+= Int(byte >> 7) }
      let capacity = input.count + 2 * high + 1
      let raw = UnsafeRawBufferPointer(input)
      return [UInt8](unsafeUninitializedCapacity: capacity) { output, count in
        let out = UnsafeMutableRawBufferPointer(output)
        var i = 0
        var o = 0
        while i < input.count {
          if i + 8 <= input.count {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if word & SWAR.highBits == 0 {
              out.storeBytes(of: word, toByteOffset: o, as: UInt64.self)
              i += 8
              o += 8
              continue
            }
          }
          let byte = input[i]
          i += 1
          if byte < 0x80 {
            output[o] = byte
            o += 1
          } else {
            let packed = utf8[Int(byte) - 0x80]
            if packed == 0 {
              unassigned = i - 1
              break
            }
            out.storeBytes(of: (packed & 0xFF_FFFF).littleEndian, toByteOffset: o, as: UInt32.self)
            o += Int(packed >> 24)
          }
        }
        count = o
      }
    }
    if let unassigned {
      throw ImportProblem(
        file: name, line: physicalLine(of: unassigned, in: bytes),
        message: "byte 0x98 is not a character in Windows-1251 nor part of valid UTF-8: "
          + "re-save the file as UTF-8")
    }
    return text
  }

  /// `windows1251High` as UTF-8: the bytes in memory order in the low 24 bits, the count on top.
  /// 0 stays 0 for the unassigned 0x98.
  static let windows1251UTF8: [UInt32] = windows1251High.map { scalar in
    let s = UInt32(scalar)
    if s == 0 { return 0 }
    if s < 0x800 {
      return 2 << 24 | (0x80 | s & 0x3F) << 8 | (0xC0 | s >> 6)
    }
    return 3 << 24 | (0x80 | s & 0x3F) << 16 | (0x80 | (s >> 6) & 0x3F) << 8 | (0xE0 | s >> 12)
  }

  /// Unicode scalars for bytes 0x80–0xFF of Windows-1251; 0 marks the unassigned 0x98.
  static let windows1251High: [UInt16] =
    [
      0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021,  // 80
      0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F,  // 88
      0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 90
      0x0000, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F,  // 98
      0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7,  // A0
      0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407,  // A8
      0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7,  // B0
      0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,  // B8
    ] + (0x0410...0x044F).map { UInt16($0) }  // C0–FF: А–я in order

  /// 1-based physical line of the byte at `offset`: one more than the line feeds before it.
  static func physicalLine(of offset: Int, in bytes: [UInt8]) -> Int {
    var line = 1
    for byte in bytes[..<offset] where byte == CSVByte.lf { line += 1 }
    return line
  }
}

// MARK: - Bytes

/// The ASCII bytes the reader cares about.
enum CSVByte {
  static let lf = UInt8(ascii: "\n")
  static let cr = UInt8(ascii: "\r")
  static let quote = UInt8(ascii: "\"")
  static let comma = UInt8(ascii: ",")
  static let semicolon = UInt8(ascii: ";")
  static let space = UInt8(ascii: " ")
  static let tab = UInt8(ascii: "\t")
}

/// Byte searches eight at a time in a `UInt64` ("SIMD within a register").
enum SWAR {
  static let ones: UInt64 = 0x0101_0101_0101_0101
  static let highBits: UInt64 = 0x8080_8080_8080_8080
  static let lineFeeds = repeating(CSVByte.lf)
  static let quotes = repeating(CSVByte.quote)

  static func repeating(_ byte: UInt8) -> UInt64 { UInt64(byte) &* ones }

  /// The high bit set in each zero byte of `word`. Bytes above the lowest zero may be flagged
  /// falsely, so only the lowest flag (its `trailingZeroBitCount / 8`) is exact.
  @inline(__always)
  static func zeroBytes(_ word: UInt64) -> UInt64 {
    (word &- ones) & ~word & highBits
  }
}

/// One pass over a file's bytes collecting what encoding detection and the binary check need.
///
/// Valid multi-byte sequences follow Unicode's table of well-formed UTF-8 (no overlongs, no
/// surrogates, nothing above U+10FFFF); an invalid lead byte counts as one invalid byte.
struct UTF8Scan {
  var firstNUL: Int?
  var firstInvalid: Int?
  var validMultiByte = 0
  var invalidBytes = 0

  init(_ p: UnsafeRawBufferPointer) {
    let n = p.count
    var i = 0
    while i < n {
      // Eight ASCII bytes with no NUL among them are the common case; skip them at once.
      if i + 8 <= n {
        let word = UInt64(littleEndian: p.loadUnaligned(fromByteOffset: i, as: UInt64.self))
        if word & SWAR.highBits == 0 && SWAR.zeroBytes(word) == 0 {
          i += 8
          continue
        }
      }
      let lead = p[i]
      if lead < 0x80 {
        if lead == 0 && firstNUL == nil { firstNUL = i }
        i += 1
        continue
      }
      let length = UTF8Scan.sequenceLength(p, at: i)
      if length == 0 {
        if firstInvalid == nil { firstInvalid = i }
        invalidBytes += 1
        i += 1
      } else {
        validMultiByte += 1
        i += length
      }
    }
  }

  /// Length of the well-formed multi-byte sequence starting at `i`, or 0 when there is none.
  static func sequenceLength(_ p: UnsafeRawBufferPointer, at i: Int) -> Int {
    let lead = p[i]
    let length: Int
    var low: UInt8 = 0x80
    var high: UInt8 = 0xBF
    switch lead {
    case 0xC2...0xDF: length = 2
    case 0xE0: (length, low) = (3, 0xA0)
    case 0xE1...0xEC, 0xEE...0xEF: length = 3
    case 0xED: (length, high) = (3, 0x9F)
    case 0xF0: (length, low) = (4, 0x90)
    case 0xF1...0xF3: length = 4
    case 0xF4: (length, high) = (4, 0x8F)
    default: return 0
    }
    guard i + length <= p.count else { return 0 }
    let second = p[i + 1]
    guard second >= low, second <= high else { return 0 }
    for k in 2..<length where p[i + k] & 0xC0 != 0x80 { return 0 }
    return length
  }
}

// MARK: - Record reader

/// The RFC 4180 state machine: reads one record from a position in the UTF-8 text.
///
/// A separate value so the header and the body share it, and so the cursor's buffer access
/// does not overlap with its own mutation.
struct CSVRecordReader: Sendable {
  let file: String
  let delimiter: UInt8
  /// Column names, to say which field a quoting error is in; empty while reading the header.
  let columns: [String]
  /// Reused across records for quoted fields with `""` escapes.
  private var scratch: [UInt8] = []

  init(file: String, delimiter: UInt8, columns: [String]) {
    self.file = file
    self.delimiter = delimiter
    self.columns = columns
  }

  /// Reads the record at `position`, advancing `position` past its line end and `line` by the
  /// physical lines it spans; nil at the end of the text.
  mutating func read(
    _ p: UnsafeBufferPointer<UInt8>, position: inout Int, line: inout Int,
    skippingBlankLines: Bool = false
  ) throws(ImportProblem) -> CSVRecord? {
    let n = p.count
    var i = position
    if skippingBlankLines {
      while i < n {
        if p[i] == CSVByte.lf {
          i += 1
          line += 1
        } else if p[i] == CSVByte.cr && (i + 1 == n || p[i + 1] == CSVByte.lf) {
          i += 1
        } else {
          break
        }
      }
    }
    guard i < n else {
      position = n
      return nil
    }
    let recordLine = line
    var fields: [String] = []
    fields.reserveCapacity(max(columns.count, 1))
    while true {
      var start = i
      while start < n && (p[start] == CSVByte.space || p[start] == CSVByte.tab) { start += 1 }
      if start < n && p[start] == CSVByte.quote {
        i = try readQuoted(p, from: start, line: &line, recordLine: recordLine, into: &fields)
      } else {
        i = try readUnquoted(p, from: i, recordLine: recordLine, into: &fields)
      }
      // `i` is now on a delimiter, a line end, or past the end.
      if i >= n {
        position = n
        break
      }
      let byte = p[i]
      if byte == delimiter {
        i += 1
        continue
      }
      if byte == CSVByte.cr { i += 1 }
      if i < n {
        i += 1  // the line feed
        line += 1
      }
      position = i
      break
    }
    return CSVRecord(line: recordLine, fields: fields)
  }

  /// Reads an unquoted field starting at `i`; returns the offset of what ends it.
  private func readUnquoted(
    _ p: UnsafeBufferPointer<UInt8>, from start: Int, recordLine: Int,
    into fields: inout [String]
  ) throws(ImportProblem) -> Int {
    let n = p.count
    let delimiter = self.delimiter
    var i = start
    // Find the first delimiter, line feed or quote, eight bytes at a time while they last.
    let raw = UnsafeRawBufferPointer(p)
    let delimiters = SWAR.repeating(delimiter)
    while i + 8 <= n {
      let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
      let found =
        SWAR.zeroBytes(word ^ delimiters) | SWAR.zeroBytes(word ^ SWAR.lineFeeds)
        | SWAR.zeroBytes(word ^ SWAR.quotes)
      if found != 0 {
        i += found.trailingZeroBitCount / 8
        break
      }
      i += 8
    }
    while i < n {
      let byte = p[i]
      if byte == delimiter || byte == CSVByte.lf { break }
      if byte == CSVByte.quote {
        throw problem(
          recordLine, field: fields.count,
          "'\"' inside an unquoted field: enclose the field in quotes and double the quote")
      }
      i += 1
    }
    var end = i
    if end > start && p[end - 1] == CSVByte.cr && (i == n || p[i] == CSVByte.lf) { end -= 1 }
    var first = start
    while first < end && (p[first] == CSVByte.space || p[first] == CSVByte.tab) { first += 1 }
    while end > first && (p[end - 1] == CSVByte.space || p[end - 1] == CSVByte.tab) { end -= 1 }
    fields.append(String(decoding: UnsafeBufferPointer(rebasing: p[first..<end]), as: UTF8.self))
    return i
  }

  /// Reads a quoted field whose opening quote is at `open`; returns the offset after it and
  /// any spaces that follow, which must be a delimiter, a line end, or the end of the text.
  private mutating func readQuoted(
    _ p: UnsafeBufferPointer<UInt8>, from open: Int, line: inout Int, recordLine: Int,
    into fields: inout [String]
  ) throws(ImportProblem) -> Int {
    let n = p.count
    var i = open + 1
    var chunk = i
    var escaped = false
    scratch.removeAll(keepingCapacity: true)
    while true {
      while i < n && p[i] != CSVByte.quote {
        if p[i] == CSVByte.lf { line += 1 }
        i += 1
      }
      guard i < n else {
        throw problem(
          recordLine, field: fields.count, "quoted field is never closed: add the closing '\"'")
      }
      if i + 1 < n && p[i + 1] == CSVByte.quote {
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: p[chunk...i]))
        escaped = true
        i += 2
        chunk = i
        continue
      }
      break
    }
    if escaped {
      scratch.append(contentsOf: UnsafeBufferPointer(rebasing: p[chunk..<i]))
      fields.append(String(decoding: scratch, as: UTF8.self))
    } else {
      fields.append(String(decoding: UnsafeBufferPointer(rebasing: p[chunk..<i]), as: UTF8.self))
    }
    i += 1
    while i < n && (p[i] == CSVByte.space || p[i] == CSVByte.tab) { i += 1 }
    guard i < n else { return n }
    let byte = p[i]
    if byte == delimiter || byte == CSVByte.lf { return i }
    if byte == CSVByte.cr && (i + 1 == n || p[i + 1] == CSVByte.lf) { return i }
    let separator = Character(UnicodeScalar(delimiter))
    throw problem(
      recordLine, field: fields.count - 1,
      "text after the closing quote: a quoted field must end at '\(separator)' or the line's end")
  }

  private func problem(_ line: Int, field: Int, _ message: String) -> ImportProblem {
    ImportProblem(
      file: file, line: line, column: field < columns.count ? columns[field] : nil,
      message: message)
  }
}
