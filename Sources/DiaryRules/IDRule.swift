/// The id rule of DESIGN §2: a letter or digit, then up to 63 letters, digits, `_`, `.` or `-`.
///
/// Letters include Cyrillic (`7Б`), so class names can serve as ids. The rule also keeps ids
/// safe to show anywhere: no `/`, no spaces, no control characters.
public enum IDRule {
  public static let maximumLength = 64

  public static func isValid(_ text: some StringProtocol) -> Bool {
    let ascii =
      text.utf8.withContiguousStorageIfAvailable { isValidASCII($0) } ?? isValidASCII(text.utf8)
    if let ascii { return ascii }
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

  /// The common case without Unicode property look-ups: nil when the text is not all ASCII.
  private static func isValidASCII(_ bytes: some Collection<UInt8>) -> Bool? {
    var count = 0
    for byte in bytes {
      guard byte < 0x80 else { return nil }
      count += 1
      guard count <= maximumLength else { return false }
      let alnum = (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
      if count == 1 {
        guard alnum else { return false }
      } else {
        guard alnum || byte == 0x5F || byte == 0x2E || byte == 0x2D else { return false }
      }
    }
    return count > 0
  }
}
