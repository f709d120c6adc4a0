/// Rows of one CSV file being assembled as bytes (DESIGN §2: RFC 4180, `,`, UTF-8), before a
/// `CSVWriter` writes them out.
///
/// A value type on purpose: the journal keeps its buffers as stored properties of a struct it
/// mutates, so the compiler checks exclusive access statically. Through a class every append
/// would pay a run-time exclusivity check, which cost a third of the generation time.
/// Records end with LF, which RFC 4180 readers accept alongside CRLF.
struct CSVBuffer {
  /// Past this many bytes the owner should hand the buffer to its writer.
  static let flushSize = 1 << 20

  private(set) var bytes: [UInt8] = []
  /// Complete records in `bytes`.
  private(set) var rows = 0
  private var fieldsInRow = 0

  init() {
    bytes.reserveCapacity(CSVBuffer.flushSize + 64 * 1024)
  }

  var isFull: Bool { bytes.count >= CSVBuffer.flushSize }

  /// Empties the buffer once its bytes are written, keeping the capacity.
  mutating func removeAll() {
    bytes.removeAll(keepingCapacity: true)
    rows = 0
    fieldsInRow = 0
  }

  // MARK: - Fields

  /// A field already encoded as CSV (quoted where needed), e.g. a pre-encoded id or date.
  @inline(__always)
  mutating func raw(_ field: [UInt8]) {
    separate()
    bytes.append(contentsOf: field)
  }

  /// An empty field.
  @inline(__always)
  mutating func empty() {
    separate()
  }

  /// A text field, quoted when it holds `,`, `"`, CR or LF.
  mutating func text(_ value: String) {
    separate()
    CSVBuffer.appendQuoted(value, to: &bytes)
  }

  /// An optional text field: empty when nil.
  mutating func text(_ value: String?) {
    if let value { text(value) } else { empty() }
  }

  /// A non-negative integer in decimal digits.
  @inline(__always)
  mutating func int(_ value: Int) {
    separate()
    appendDigits(value)
  }

  /// An integer with a one-byte prefix, such as `m` in `m1234`.
  @inline(__always)
  mutating func prefixed(_ prefix: UInt8, _ value: Int) {
    separate()
    bytes.append(prefix)
    appendDigits(value)
  }

  /// Appends one byte to the current field.
  @inline(__always)
  mutating func continueField(_ byte: UInt8) {
    bytes.append(byte)
  }

  /// Appends a zero-padded two-digit number (0…99) to the current field.
  @inline(__always)
  mutating func continueField(twoDigits value: Int) {
    bytes.append(UInt8(truncatingIfNeeded: 48 + value / 10))
    bytes.append(UInt8(truncatingIfNeeded: 48 + value % 10))
  }

  /// Ends the record.
  @inline(__always)
  mutating func endRow() {
    bytes.append(0x0A)
    fieldsInRow = 0
    rows += 1
  }

  /// A whole record of text fields.
  mutating func row(_ fields: [String?]) {
    for field in fields { text(field) }
    endRow()
  }

  /// Text outside the CSV structure (the TOML file), counted as no row.
  mutating func literal(_ text: String) {
    bytes.append(contentsOf: text.utf8)
  }

  // MARK: - Encoding

  /// The field as RFC 4180 writes it: in double quotes with inner quotes doubled, when needed.
  static func encoded(_ value: String) -> [UInt8] {
    var bytes: [UInt8] = []
    appendQuoted(value, to: &bytes)
    return bytes
  }

  private static func appendQuoted(_ value: String, to bytes: inout [UInt8]) {
    let utf8 = value.utf8
    let needsQuotes = utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
    guard needsQuotes else {
      bytes.append(contentsOf: utf8)
      return
    }
    bytes.append(0x22)
    for byte in utf8 {
      if byte == 0x22 { bytes.append(0x22) }
      bytes.append(byte)
    }
    bytes.append(0x22)
  }

  @inline(__always)
  private mutating func separate() {
    if fieldsInRow > 0 { bytes.append(0x2C) }
    fieldsInRow += 1
  }

  @inline(__always)
  private mutating func appendDigits(_ value: Int) {
    guard value >= 10 else {
      bytes.append(UInt8(truncatingIfNeeded: 48 + max(0, value)))
      return
    }
    var digits: (UInt64, UInt64) = (0, 0)
    var count = 0
    var v = value
    withUnsafeMutableBytes(of: &digits) { scratch in
      while v > 0 {
        scratch[15 - count] = UInt8(truncatingIfNeeded: 48 + v % 10)
        v /= 10
        count += 1
      }
      bytes.append(contentsOf: scratch[(16 - count)...])
    }
  }
}
