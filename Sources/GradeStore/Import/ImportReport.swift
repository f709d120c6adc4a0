/// What an import did: per file, the rows read and what they changed, and any warnings.
public struct ImportReport: Sendable {
  public struct FileCount: Sendable, Hashable {
    public let file: String
    public let rows: Int
    public let new: Int
    public let updated: Int
    public let deleted: Int
    public let encoding: String
    /// Wall-clock time spent on the file, for the import log and the benchmark.
    public let seconds: Double
  }

  public let importID: Int64
  public let files: [FileCount]
  public let warnings: [String]
  public let settingsImported: Bool

  /// Lines for the office: one per file, then a total.
  public var lines: [String] {
    var lines = files.map { count in
      var line = "\(count.file): \(count.rows) rows (\(count.new) new, \(count.updated) updated"
      if count.deleted > 0 { line += ", \(count.deleted) deleted" }
      return line + ")"
    }
    if settingsImported { lines.insert("school.toml: settings updated", at: 0) }
    let total = files.reduce(0) { $0 + $1.rows }
    lines.append("import \(importID): \(total) rows from \(files.count) files imported")
    return lines
  }
}
