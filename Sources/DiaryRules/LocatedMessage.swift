/// `file:line: detail: message`, the one-line shape every error about an input file takes
/// (DESIGN §2): an import problem, a template mistake.
public enum LocatedMessage {
  /// The line, with every control character or line separator shown as `?`: a column or key
  /// named from the file (a quoted field, a quoted TOML key) may hold a line break, and the
  /// message must stay one line whatever the file held.
  public static func text(file: String, line: Int, detail: String?, message: String) -> String {
    let text = detail.map { "\(file):\(line): \($0): \(message)" } ?? "\(file):\(line): \(message)"
    return String(String.UnicodeScalarView(text.unicodeScalars.map(printable)))
  }

  private static func printable(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
    switch scalar.properties.generalCategory {
    case .control, .lineSeparator, .paragraphSeparator: "?"
    default: scalar
    }
  }
}
