/// A value together with where it was written: the 1-based line and column of its first
/// character (the opening quote, bracket or brace, or the header of a `[table]`).
public struct TOMLNode: Sendable, Hashable {
  /// What was written.
  public let value: TOMLValue
  /// 1-based line on which the value starts.
  public let line: Int
  /// 1-based column, in Unicode characters, at which the value starts.
  public let column: Int

  /// A node as the parser makes it; for tests and for callers that build values themselves.
  public init(value: TOMLValue, line: Int, column: Int) {
    self.value = value
    self.line = line
    self.column = column
  }

  // MARK: - Accessors, forwarded to the value

  /// The string, when the value is one.
  public var stringValue: String? { value.stringValue }
  /// The integer, when the value is one.
  public var integerValue: Int64? { value.integerValue }
  /// The float, when the value is one (an integer is not converted).
  public var floatValue: Double? { value.floatValue }
  /// The number as written, for integers and floats; see `TOMLValue.numberText`.
  public var numberText: String? { value.numberText }
  /// The boolean, when the value is one.
  public var booleanValue: Bool? { value.booleanValue }
  /// The date, time or date-time, when the value is one.
  public var dateTimeValue: TOMLDateTime? { value.dateTimeValue }
  /// The elements, when the value is an array or an array of tables.
  public var arrayValue: [TOMLNode]? { value.arrayValue }
  /// The table, when the value is a `[table]`, a dotted-key table or an inline table.
  public var tableValue: TOMLTable? { value.tableValue }
  /// The kind of value with its article (`a string`, `an integer`), for messages.
  public var typeName: String { value.typeName }
}
