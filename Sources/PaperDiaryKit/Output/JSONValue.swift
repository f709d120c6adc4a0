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

  private static func quote(_ text: String, into out: inout String) {
    out += "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        out +=
          "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
          + String(scalar.value, radix: 16)
      default: out.unicodeScalars.append(scalar)
      }
    }
    out += "\""
  }
}
