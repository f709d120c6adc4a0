/// What `SampleGenerator.write` produced: rows per file and the figure the office checks first,
/// how many students have a guardian who gets paper on the export date.
public struct SampleSummary: Sendable, Hashable {
  /// One written file and its number of data rows (the header not counted).
  public struct FileRows: Sendable, Hashable {
    public let file: String
    public let rows: Int
  }

  /// Every file written, in the order they are written; `school.toml` counts as one row.
  public let files: [FileRows]
  /// Students enrolled on the export date (`left_on` empty or later).
  public let enrolledStudents: Int
  /// Enrolled students with at least one recipient guardian on the export date (R1), counted
  /// from the generated registry itself rather than from the target share.
  public let studentsWithRecipient: Int

  public init(files: [FileRows], enrolledStudents: Int, studentsWithRecipient: Int) {
    self.files = files
    self.enrolledStudents = enrolledStudents
    self.studentsWithRecipient = studentsWithRecipient
  }

  /// The rows written to `file` (e.g. `marks.csv`), or 0 for a file not written.
  public func rows(in file: String) -> Int {
    files.first { $0.file == file }?.rows ?? 0
  }

  /// Rows over all files.
  public var totalRows: Int { files.reduce(0) { $0 + $1.rows } }
}
