/// The entry point: reads the text of a TOML 1.0 file into its root table.
///
/// A caseless enum, since a document is fully described by its root table; parsing never
/// crashes or recurses without bound, whatever the input, and every problem is a `TOMLError`.
public enum TOMLDocument {
  /// How deeply tables, arrays and inline tables may nest in each other; deeper input is
  /// reported as an error instead of exhausting the stack.
  public static let maxNestingDepth = 128

  /// Parses `text` (a leading byte-order mark is ignored) and returns its root table.
  public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
    var parser = TOMLParser(text: text, maxDepth: maxNestingDepth)
    return try parser.parseDocument()
  }
}
