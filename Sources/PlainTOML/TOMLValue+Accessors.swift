/// Typed reads that answer nil on a mismatch, and names of kinds for error messages.
extension TOMLValue {
  /// The string, when the value is one.
  public var stringValue: String? {
    if case .string(let string) = self { return string }
    return nil
  }

  /// The integer, when the value is one.
  public var integerValue: Int64? {
    if case .integer(let integer) = self { return integer }
    return nil
  }

  /// The float, when the value is one (an integer is not converted).
  public var floatValue: Double? {
    if case .float(let float, _) = self { return float }
    return nil
  }

  /// The number as written, for an integer (in decimal) or a float (without `_`): `4`, `2.6`.
  /// Meant for `Decimal(string:)`, which then sees `2.6` and not the double nearest to it;
  /// `inf` and `nan` come back as written and are for the caller to refuse.
  public var numberText: String? {
    switch self {
    case .integer(let integer): String(integer)
    case .float(_, let text): text
    default: nil
    }
  }

  /// The boolean, when the value is one.
  public var booleanValue: Bool? {
    if case .boolean(let boolean) = self { return boolean }
    return nil
  }

  /// The date, time or date-time, when the value is one.
  public var dateTimeValue: TOMLDateTime? {
    if case .dateTime(let dateTime) = self { return dateTime }
    return nil
  }

  /// The elements, when the value is an array or an array of tables.
  public var arrayValue: [TOMLNode]? {
    if case .array(let array) = self { return array }
    return nil
  }

  /// The table, when the value is a `[table]`, a dotted-key table or an inline table.
  public var tableValue: TOMLTable? {
    if case .table(let table) = self { return table }
    return nil
  }

  /// The kind of value with its article, in TOML's own words, so a caller can write
  /// "expected a string, found \(node.typeName)": `a string`, `an integer`, `a float`,
  /// `a boolean`, `an offset date-time`, `a local date-time`, `a local date`, `a local time`,
  /// `an array`, `a table`.
  public var typeName: String {
    switch self {
    case .string: "a string"
    case .integer: "an integer"
    case .float: "a float"
    case .boolean: "a boolean"
    case .dateTime(let dateTime):
      switch dateTime.kind {
      case .offsetDateTime: "an offset date-time"
      case .localDateTime: "a local date-time"
      case .localDate: "a local date"
      case .localTime: "a local time"
      }
    case .array: "an array"
    case .table: "a table"
    }
  }
}
