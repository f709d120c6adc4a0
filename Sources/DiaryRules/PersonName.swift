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
  public static func sortKey(_ text: String) -> [Unicode.Scalar] {
    Array(text.lowercased().replacingAll("ё", with: "е").unicodeScalars)
  }
}

extension String {
  fileprivate func replacingAll(_ old: Character, with new: Character) -> String {
    String(map { $0 == old ? new : $0 })
  }
}
