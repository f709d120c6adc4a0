/// A person's name as the e-journal holds it: last, first and (optional) middle name.
public struct PersonName: Hashable, Sendable {
  public let last: String
  public let first: String
  public let middle: String?

  public init(last: String, first: String, middle: String?) {
    self.last = last
    self.first = first
    self.middle = middle
  }

  /// «Иванов Пётр Сергеевич».
  public var full: String { [last, first, middle].compactMap { $0 }.joined(separator: " ") }

  /// R10's comparison key: lower-cased with «ё» turned into «е», compared by Unicode scalars,
  /// which is alphabetical for Russian.
  ///
  /// Basic Latin and Cyrillic letters are lower-cased by their code points, which is what
  /// `lowercased()` does for them; anything else goes through `lowercased()`.
  public static func sortKey(_ text: String) -> [Unicode.Scalar] {
    var key: [Unicode.Scalar] = []
    key.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x41...0x5A, 0x410...0x42F:
        key.append(Unicode.Scalar(scalar.value + 0x20) ?? scalar)
      case 0x401, 0x451: key.append("е")  // Ё, ё
      case 0...0x7F, 0x430...0x44F: key.append(scalar)
      default:
        for lower in String(scalar).lowercased().unicodeScalars {
          key.append(lower == "ё" ? "е" : lower)
        }
      }
    }
    return key
  }
}
