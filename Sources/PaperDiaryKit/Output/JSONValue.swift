import Foundation

/// A JSON value whose objects keep their keys in the order written, so the manifest and the
/// other outputs read in DESIGN's order; Cyrillic is written as itself, not as `\u` escapes.
public indirect enum JSONValue: Sendable, Hashable {
  case null
  case bool(Bool)
  case int(Int)
  /// A number already formatted (e.g. an exact decimal `4.2857`).
  case number(String)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])
  /// JSON text PaperDiary rendered itself earlier (a ledger row's manifest entry), spliced in
  /// as it is.
  case raw(String)

  public static func == (a: JSONValue, b: JSONValue) -> Bool { a.rendered() == b.rendered() }
  public func hash(into hasher: inout Hasher) { hasher.combine(rendered()) }

  public static func string(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
  public static func int(_ value: Int?) -> JSONValue { value.map(JSONValue.int) ?? .null }
  public static func bool(_ value: Bool?) -> JSONValue { value.map(JSONValue.bool) ?? .null }
  public static func decimal(_ value: Decimal?) -> JSONValue {
    value.map { .number(NSDecimalNumber(decimal: $0).stringValue) } ?? .null
  }

  /// The text: two-space indented when `pretty`, else on one line.
  public func rendered(pretty: Bool = true) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(2048)
    write(into: &out, pretty: pretty, indent: 0)
    return String(decoding: out, as: UTF8.self)
  }

  /// Writes UTF-8 bytes: a ledger row's entry is rendered for every sheet of a batch, on the
  /// thread that commits them, and growing a `String` piece by piece through temporary strings
  /// was most of that thread's work.
  private func write(into out: inout [UInt8], pretty: Bool, indent: Int) {
    switch self {
    case .null: out.append(contentsOf: "null".utf8)
    case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
    case .int(let value): out.append(contentsOf: String(value).utf8)
    case .number(let text), .raw(let text): out.append(contentsOf: text.utf8)
    case .string(let text): Self.quote(text, into: &out)
    case .array(let items):
      guard !items.isEmpty else {
        out.append(contentsOf: "[]".utf8)
        return
      }
      out.append(UInt8(ascii: "["))
      for (i, item) in items.enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        Self.newline(pretty, indent: indent + 1, into: &out)
        item.write(into: &out, pretty: pretty, indent: indent + 1)
      }
      Self.newline(pretty, indent: indent, into: &out)
      out.append(UInt8(ascii: "]"))
    case .object(let members):
      guard !members.isEmpty else {
        out.append(contentsOf: "{}".utf8)
        return
      }
      out.append(UInt8(ascii: "{"))
      for (i, (key, value)) in members.enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        Self.newline(pretty, indent: indent + 1, into: &out)
        Self.quote(key, into: &out)
        out.append(UInt8(ascii: ":"))
        if pretty { out.append(UInt8(ascii: " ")) }
        value.write(into: &out, pretty: pretty, indent: indent + 1)
      }
      Self.newline(pretty, indent: indent, into: &out)
      out.append(UInt8(ascii: "}"))
    }
  }

  /// A line break and two spaces a level, when `pretty`; nothing on one line.
  private static func newline(_ pretty: Bool, indent: Int, into out: inout [UInt8]) {
    guard pretty else { return }
    out.append(UInt8(ascii: "\n"))
    out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * indent))
  }

  /// Writes `text` as a JSON string. Only `"`, `\\` and control characters are escaped, and
  /// each is a single byte that never occurs inside a multi-byte UTF-8 sequence, so the text is
  /// scanned as bytes and copied in runs: a sheet's entry is mostly Cyrillic, and appending it
  /// scalar by scalar was the larger part of the time the committing thread spent on a group.
  private static func quote(_ text: String, into out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    var text = text
    text.withUTF8 { bytes in
      var run = 0
      for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
        out.append(contentsOf: bytes[run..<index])
        escape(byte, into: &out)
        run = index + 1
      }
      out.append(contentsOf: bytes[run...])
    }
    out.append(UInt8(ascii: "\""))
  }

  private static func escape(_ byte: UInt8, into out: inout [UInt8]) {
    let escaped =
      switch byte {
      case 0x22: "\\\""
      case 0x5C: "\\\\"
      case 0x0A: "\\n"
      case 0x0D: "\\r"
      case 0x09: "\\t"
      default: "\\u00" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
      }
    out.append(contentsOf: escaped.utf8)
  }
}
