/// The id rule of DESIGN §2: a letter or digit, then up to 63 letters, digits, `_`, `.` or `-`.
///
/// Letters include Cyrillic (`7Б`), so class names can serve as ids. The rule also keeps ids
/// safe to show anywhere: no `/`, no spaces, no control characters.
public enum IDRule {
  public static let maximumLength = 64

  public static func isValid(_ text: some StringProtocol) -> Bool {
    var count = 0
    for scalar in text.unicodeScalars {
      count += 1
      guard count <= maximumLength else { return false }
      let props = scalar.properties
      let alnum = props.isAlphabetic || props.numericType == .decimal
      if count == 1 {
        guard alnum else { return false }
      } else {
        guard alnum || scalar == "_" || scalar == "." || scalar == "-" else { return false }
      }
    }
    return count > 0
  }
}
