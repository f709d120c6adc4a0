/// One CSV file of the import set (DESIGN §2): its columns, which are required, and its table.
struct ImportTable: Sendable {
  let file: String
  let table: String
  let required: [String]
  let optional: [String]
  /// Optional files may be missing even from the first import.
  let optionalFile: Bool

  var columns: [String] { required + optional }

  /// The files in the order they are imported: every file after the ones it refers to.
  static let all: [ImportTable] = [
    ImportTable(
      file: "classes.csv", table: "classes", required: ["class_id", "name", "homeroom_teacher"],
      optional: ["grade"], optionalFile: false),
    ImportTable(
      file: "subjects.csv", table: "subjects", required: ["subject_id", "name"], optional: [],
      optionalFile: false),
    ImportTable(
      file: "mark_kinds.csv", table: "mark_kinds", required: ["kind_id", "name", "weight"],
      optional: [], optionalFile: false),
    ImportTable(
      file: "periods.csv", table: "periods", required: ["period_id", "name", "start", "end"],
      optional: ["kind", "grades"], optionalFile: false),
    ImportTable(
      file: "holidays.csv", table: "holidays", required: ["start", "end", "name"],
      optional: ["grades"], optionalFile: false),
    ImportTable(
      file: "study_dates.csv", table: "study_dates", required: ["date", "name"],
      optional: ["grades"], optionalFile: true),
    ImportTable(
      file: "students.csv", table: "students",
      required: ["student_id", "class_id", "last_name", "first_name", "birth_date", "passport"],
      optional: ["middle_name", "left_on"], optionalFile: false),
    ImportTable(
      file: "guardians.csv", table: "guardians",
      required: ["guardian_id", "last_name", "first_name", "delivery", "contact_source"],
      optional: ["middle_name", "address", "contact_document"], optionalFile: false),
    ImportTable(
      file: "student_guardians.csv", table: "student_guardians",
      required: ["student_id", "guardian_id", "relation"], optional: ["until"],
      optionalFile: false),
    ImportTable(
      file: "lessons.csv", table: "lessons", required: ["class_id", "subject_id", "date"],
      optional: ["lesson_no"], optionalFile: true),
    ImportTable(
      file: "marks.csv", table: "marks",
      required: ["mark_id", "student_id", "subject_id", "date", "kind_id", "value"],
      optional: ["weight", "counted", "entered_at", "comment"], optionalFile: false),
    ImportTable(
      file: "attendance.csv", table: "attendance",
      required: ["student_id", "subject_id", "date", "code"], optional: ["lesson_no"],
      optionalFile: false),
    ImportTable(
      file: "final_marks.csv", table: "final_marks",
      required: ["student_id", "subject_id", "period_id", "value"], optional: ["recorded_at"],
      optionalFile: false),
    ImportTable(
      file: "exam_results.csv", table: "exam_results",
      required: ["result_id", "student_id", "exam", "date"],
      optional: ["score", "mark", "recorded_at"], optionalFile: false),
    ImportTable(
      file: "registry.csv", table: "registry",
      required: ["doc_id", "kind", "student_id", "signed_on", "document_ref"],
      optional: ["guardian_id"], optionalFile: false),
  ]
}

/// A record with its columns looked up by name; empty cells read as nil.
struct ImportRow {
  let file: String
  let line: Int
  private let fields: [String]
  /// The header's names in file order. A file has about ten columns, so a linear search with
  /// `==` on these short strings is faster than hashing the name for each of millions of cells.
  private let header: [String]

  init(file: String, line: Int, fields: [String], header: [String]) {
    self.file = file
    self.line = line
    self.fields = fields
    self.header = header
  }

  /// The cell of `column`, or nil when the column is absent or the cell is empty.
  subscript(column: String) -> String? {
    guard let i = header.firstIndex(of: column), i < fields.count else { return nil }
    let value = fields[i]
    return value.isEmpty ? nil : value
  }
}

/// Collects problems in the order found, keeping the first 50 for printing (DESIGN §2).
struct ProblemLog {
  static let printed = 50
  private(set) var kept: [ImportProblem] = []
  private(set) var total = 0

  var isEmpty: Bool { total == 0 }

  mutating func add(_ problem: ImportProblem) {
    total += 1
    if kept.count < ProblemLog.printed { kept.append(problem) }
  }
}
