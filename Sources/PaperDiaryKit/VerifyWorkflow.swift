import DiaryRules
import Foundation
import GradeStore

/// `paperdiary verify`: every ledger row's file is where the ledger says, with the SHA-256 it
/// recorded (R9, §7: every ledger row has its PDF with a matching SHA-256).
public enum VerifyWorkflow {
  public struct Options: Sendable {
    public var store: String
    /// Only the rows of this ISO week (notices have none, so they drop out).
    public var week: String?

    public init(store: String) { self.store = store }
  }

  /// A ledger row whose file is not as recorded.
  public struct Problem: Hashable, Sendable {
    /// What is wrong with the file.
    public enum Kind: Hashable, Sendable {
      case missing
      case sha256Mismatch
      /// The file is there but cannot be read; the reason names the errno.
      case unreadable(String)
    }

    public let issueID: String
    /// The file as the ledger recorded it.
    public let file: String
    public let kind: Kind

    /// `<issue_id> <file>: missing`, `…: sha256 mismatch` or `…: unreadable (<reason>)`.
    public var line: String {
      switch kind {
      case .missing: return "\(issueID) \(file): missing"
      case .sha256Mismatch: return "\(issueID) \(file): sha256 mismatch"
      case .unreadable(let reason): return "\(issueID) \(file): unreadable (\(reason))"
      }
    }
  }

  /// What `verify` found.
  public struct Report: Sendable {
    /// The week given with `--week`, if any.
    public let week: SchoolWeek?
    /// How many ledger rows were checked.
    public let checked: Int
    /// The rows whose file is not as recorded, in ledger order.
    public let problems: [Problem]

    /// One line for stderr: how many rows were checked and what was found.
    public var summary: String {
      let scope = week.map { " of \($0)" } ?? ""
      let rows = "\(checked) issued document\(checked == 1 ? "" : "s")\(scope)"
      guard !problems.isEmpty else { return "verify: \(rows) checked, every file matches" }
      let missing = problems.filter { $0.kind == .missing }.count
      let changed = problems.filter { $0.kind == .sha256Mismatch }.count
      let unreadable = problems.count - missing - changed
      let parts = [(missing, "missing"), (changed, "sha256 mismatch"), (unreadable, "unreadable")]
        .filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
      return "verify: \(rows) checked, \(problems.count) with a problem ("
        + parts.joined(separator: ", ") + ")"
    }
  }

  /// Reads the ledger and hashes each row's file; a file that cannot be checked is a problem of
  /// its row, and the check goes on.
  public static func run(_ options: Options) throws(PaperDiaryError) -> Report {
    var week: SchoolWeek?
    if let text = options.week {
      guard let parsed = SchoolWeek(text) else {
        throw PaperDiaryError(.usage, "--week: '\(text)' is not an ISO week (e.g. 2026-W48)")
      }
      week = parsed
    }
    let entries: [LedgerEntry]
    do {
      entries = try GradeStore(path: options.store).ledgerEntries(week: week)
    } catch {
      throw PaperDiaryError(error)
    }
    var problems: [Problem] = []
    for entry in entries {
      let kind: Problem.Kind
      do {
        guard let digest = try DurableFile.sha256(ofFileAt: entry.file) else {
          problems.append(Problem(issueID: entry.issueID, file: entry.file, kind: .missing))
          continue
        }
        guard digest != entry.sha256.lowercased() else { continue }
        kind = .sha256Mismatch
      } catch {
        kind = .unreadable(error.description)
      }
      problems.append(Problem(issueID: entry.issueID, file: entry.file, kind: kind))
    }
    return Report(week: week, checked: entries.count, problems: problems)
  }
}
