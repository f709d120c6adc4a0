import DiaryRules

/// One thing wrong with an import set, located the way DESIGN §2 prescribes:
/// `file:line: column: message`, the line being the physical line on which the record starts.
public struct ImportProblem: Error, Sendable, Hashable, CustomStringConvertible {
  /// The file's name inside the import set (`marks.csv`, `school.toml`).
  public let file: String
  /// 1-based physical line; the header (and anything about columns) is line 1.
  public let line: Int
  /// The column or `school.toml` key concerned, when there is one.
  public let column: String?
  public let message: String

  public init(file: String, line: Int, column: String? = nil, message: String) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
  }

  /// One line whatever the file held: a column named in a quoted header field may contain a
  /// line break, and every control character or line separator is shown as `?`.
  public var description: String {
    LocatedMessage.text(file: file, line: line, detail: column, message: message)
  }
}
