/// A TOML table: keys in the order they were first written, each with its value and the
/// line and column where the key itself was written.
///
/// For a `[grading]` table, the root's `line(of: "grading")` is the line of that header; for
/// `thresholds = { 3 = 2.6 }`, the inline table's `line(of: "3")` is the line of `3`.
public struct TOMLTable: Sendable, Hashable {
  /// What the table holds under one key, and where the key was written.
  struct Entry: Sendable, Hashable {
    let node: TOMLNode
    let line: Int
    let column: Int
  }

  /// The keys in the order they first appear in the text.
  public let keys: [String]
  private let entries: [String: Entry]

  /// An empty table.
  public init() {
    self.init(keys: [], entries: [:])
  }

  init(keys: [String], entries: [String: Entry]) {
    self.keys = keys
    self.entries = entries
  }

  /// The value under `key` (one key, not a dotted path), or nil when there is none.
  public subscript(key: String) -> TOMLNode? { entries[key]?.node }

  /// The 1-based line on which `key` was written, or nil when the table has no such key.
  public func line(of key: String) -> Int? { entries[key]?.line }

  /// The 1-based column at which `key` was written, or nil when the table has no such key.
  public func column(of key: String) -> Int? { entries[key]?.column }

  /// How many keys the table has.
  public var count: Int { keys.count }

  /// Whether the table has no keys.
  public var isEmpty: Bool { keys.isEmpty }
}
