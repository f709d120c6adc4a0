/// One TOML value. Arrays and tables hold nodes, so every nested value keeps its position.
public enum TOMLValue: Sendable, Hashable {
  /// Any of the four kinds of string, escapes decoded; line breaks inside are `\n`.
  case string(String)
  /// A decimal, hexadecimal, octal or binary integer.
  case integer(Int64)
  /// A float and its literal as written, without `_` separators (`2.6`, `-1e3`, `inf`), so
  /// that a caller can make an exact `Decimal` from the text instead of from the binary double.
  case float(Double, text: String)
  /// `true` or `false`.
  case boolean(Bool)
  /// An offset date-time, local date-time, local date or local time.
  case dateTime(TOMLDateTime)
  /// A `[...]` array or an array of tables (`[[name]]`); TOML 1.0 allows mixed element types.
  case array([TOMLNode])
  /// A `[table]`, a table made by dotted keys, or an inline `{ ... }` table.
  case table(TOMLTable)
}
