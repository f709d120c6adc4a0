import PlainTOML

/// The error `text` is rejected with, or nil when it parses.
func parseError(_ text: String) -> TOMLError? {
  do {
    _ = try TOMLDocument.parse(text)
    return nil
  } catch {
    return error
  }
}

/// The value of `key` in a one-line document `key = <literal>`.
func value(of literal: String) throws -> TOMLValue? {
  try TOMLDocument.parse("v = \(literal)")["v"]?.value
}
