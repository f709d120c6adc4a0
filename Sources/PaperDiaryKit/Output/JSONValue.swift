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
    var out = ""
    write(into: &out, pretty: pretty, indent: 0)
    return out
  }

  private func write(into out: inout String, pretty: Bool, indent: Int) {
    let newline = pretty ? "\n" : ""
    let pad = { (level: Int) in pretty ? String(repeating: "  ", count: level) : "" }
    switch self {
    case .null: out += "null"
    case .bool(let value): out += value ? "true" : "false"
    case .int(let value): out += String(value)
    case .number(let text): out += text
    case .string(let text): Self.quote(text, into: &out)
    case .raw(let text): out += text
    case .array(let items):
      guard !items.isEmpty else {
        out += "[]"
        return
      }
      out += "[" + newline
      for (i, item) in items.enumerated() {
        out += pad(indent + 1)
        item.write(into: &out, pretty: pretty, indent: indent + 1)
        out += (i + 1 < items.count ? "," : "") + newline
      }
      out += pad(indent) + "]"
    case .object(let members):
      guard !members.isEmpty else {
        out += "{}"
        return
      }
      out += "{" + newline
      for (i, (key, value)) in members.enumerated() {
        out += pad(indent + 1)
        Self.quote(key, into: &out)
        out += pretty ? ": " : ":"
        value.write(into: &out, pretty: pretty, indent: indent + 1)
        out += (i + 1 < members.count ? "," : "") + newline
      }
      out += pad(indent) + "}"
    }
  }

  /// Writes `text` as a JSON string. Only `"`, `\\` and control characters are escaped, and
  /// each is a single byte that never occurs inside a multi-byte UTF-8 sequence, so the text is
  /// scanned as bytes and copied in runs: a sheet's entry is mostly Cyrillic, and appending it
  /// scalar by scalar was the larger part of the time the committing thread spent on a group.
  private static func quote(_ text: String, into out: inout String) {
    out += "\""
    var text = text
    text.withUTF8 { bytes in
      var run = 0
      for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
        if run < index { out += String(decoding: bytes[run..<index], as: UTF8.self) }
        out += escape(byte)
        run = index + 1
      }
      if run < bytes.count { out += String(decoding: bytes[run...], as: UTF8.self) }
    }
    out += "\""
  }

  private static func escape(_ byte: UInt8) -> String {
    switch byte {
    case 0x22: return "\\\""
    case 0x5C: return "\\\\"
    case 0x0A: return "\\n"
    case 0x0D: return "\\r"
    case 0x09: return "\\t"
    default:
      let hex = String(byte, radix: 16)
      return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
  }
}
