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

  public var description: String {
    if let key { return "\(file):\(line): \(key): \(message)" }
    return "\(file):\(line): \(message)"
  }
}
