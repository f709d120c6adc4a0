/// Why a text is not valid TOML, and where: the 1-based line and column of the offending
/// character, and a message written for the person who edits the file, not for a programmer.
public struct TOMLError: Error, CustomStringConvertible, Sendable, Hashable {
  /// 1-based line of the problem.
  public let line: Int
  /// 1-based column of the problem, counted in Unicode characters from the start of the line.
  public let column: Int
  /// What is wrong, quoting the text concerned (`duplicate key 'marks' (first at line 4)`).
  public let message: String

  /// An error at a place; callers may raise their own, at a node's line and column.
  public init(line: Int, column: Int, message: String) {
    self.line = line
    self.column = column
    self.message = message
  }

  init(_ position: SourcePosition, _ message: String) {
    self.init(line: position.line, column: position.column, message: message)
  }

  /// `line 7, column 12: unterminated string`.
  public var description: String { "line \(line), column \(column): \(message)" }

  /// The problem located in a named file, the way diagnostics are printed:
  /// `school.toml:7: unterminated string`.
  public func description(inFile file: String) -> String { "\(file):\(line): \(message)" }
}
