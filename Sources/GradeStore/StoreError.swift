import DiaryRules
import GRDB

/// Everything that can go wrong with the grade store, worded for the school office.
public enum StoreError: Error, CustomStringConvertible, Sendable {
  /// R9: a store that group or others can read is refused.
  case loosePermissions(path: String, mode: Int)
  case missing(path: String)
  case alreadyExists(path: String)
  case notAStore(path: String, reason: String)
  /// The import set is invalid: the problems (at most the first 50 are kept) and their total.
  case importRejected(problems: [ImportProblem], total: Int)
  /// An import set's folder cannot be used at all.
  case importSet(path: String, reason: String)
  /// A database error, with what we were doing when it happened.
  case database(context: String, underlying: String)
  /// `registry add` refused a document (R1, R2, §2): one line saying what and what to do.
  case documentRefused(String)
  /// R3: the pair already has `issueID` as its weekly sheet of `week`, so `attempted` and the
  /// documents recorded together with it were not recorded.
  case alreadyIssued(
    issueID: String, guardian: GuardianID, student: StudentID, week: SchoolWeek,
    attempted: String)

  public var description: String {
    switch self {
    case .loosePermissions(let path, let mode):
      return "\(path): the grade store is readable by group or others (mode "
        + String(mode, radix: 8) + "); protect it with `chmod 600 \(path)` and run again"
    case .missing(let path):
      return "\(path): no grade store here; create one with `paperdiary init --store \(path)`"
    case .alreadyExists(let path):
      return "\(path): a file already exists here and is not a grade store; choose another path"
    case .notAStore(let path, let reason):
      return "\(path): not a PaperDiary grade store (\(reason))"
    case .importRejected(let problems, let total):
      var lines = problems.map(\.description)
      if total > problems.count { lines.append("… and \(total - problems.count) more errors") }
      lines.append(
        "import refused: \(total) error\(total == 1 ? "" : "s"); nothing was written to the store")
      return lines.joined(separator: "\n")
    case .importSet(let path, let reason):
      return "\(path): \(reason)"
    case .database(let context, let underlying):
      return "grade store: \(context): \(underlying)"
    case .documentRefused(let reason):
      return "registry: \(reason)"
    case .alreadyIssued(let issueID, let guardian, let student, let week, let attempted):
      return "ledger: guardian '\(guardian)' already has weekly sheet \(issueID) of \(week) for "
        + "student '\(student)' (R3 allows one); \(attempted) and the documents recorded with it "
        + "were not recorded; a replacement is a reissue (`paperdiary sheet --reason`)"
    }
  }

  /// Wraps a GRDB error with what was being done, keeping the SQL it failed on.
  static func wrap(_ error: any Error, _ context: String) -> StoreError {
    if let error = error as? StoreError { return error }
    if let error = error as? DatabaseError {
      let sql = error.sql.map { " [\($0.prefix(200))]" } ?? ""
      return .database(context: context, underlying: (error.message ?? "\(error)") + sql)
    }
    return .database(context: context, underlying: "\(error)")
  }
}
