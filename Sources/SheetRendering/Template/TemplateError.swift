import DiaryRules

/// A template that cannot be used, said the way an import error is: `file:line: key: message`.
public struct TemplateError: Error, CustomStringConvertible, Sendable, Hashable {
  public let file: String
  public let line: Int
  public let key: String?
  public let message: String

  public init(file: String, line: Int, key: String?, message: String) {
    self.file = file
    self.line = line
    self.key = key
    self.message = message
  }

  /// One line whatever the file held: a quoted TOML key or value named in the error may contain
  /// a line break, and every control character or line separator is shown as `?`.
  public var description: String {
    LocatedMessage.text(file: file, line: line, detail: key, message: message)
  }
}
