import DiaryRules
import Foundation
import GradeStore

/// `paperdiary ledger`: every document issued, in creation order (R9: who, when, from which
/// data, which file). Ids only, never names.
public enum LedgerWorkflow {
  public struct Options: Sendable {
    public var store: String
    /// Only the rows of this ISO week (notices have none, so they drop out).
    public var week: String?
    /// Only the rows of this student.
    public var student: String?

    public init(store: String) { self.store = store }
  }

  /// The rows and the school's clock to print their times with.
  public struct Listing: Sendable {
    public let entries: [LedgerEntry]
    public let zone: TimeZone

    /// Only formats times in the school's zone; a listing has no "now" of its own.
    private var clock: SchoolClock { SchoolClock(now: Date(timeIntervalSince1970: 0), zone: zone) }

    /// DESIGN §6's array, one object per row, keys in its order.
    public var json: JSONValue {
      .array(
        entries.map { entry in
          .object([
            ("issue_id", .string(entry.issueID)), ("kind", .string(entry.kind.rawValue)),
            ("guardian_id", .string(entry.guardian.rawValue)),
            ("student_id", .string(entry.student.rawValue)),
            ("class_id", .string(entry.classID.rawValue)),
            ("week", .string(entry.week?.description)), ("replaces", .string(entry.replaces)),
            ("reason", .string(entry.reason)), ("operator", .string(entry.operatorName)),
            ("created_at", .string(clock.timestamp(entry.createdAt))),
            ("as_of", .string(entry.asOf?.iso)), ("import_id", .int(entry.importID.map(Int.init))),
            ("file", .string(entry.file)), ("sha256", .string(entry.sha256)),
          ])
        })
    }

    /// A header and one aligned row per entry; `—` where a field does not apply.
    public var table: [String] {
      let header = [
        "issue_id", "kind", "week", "guardian", "student", "class", "created_at", "as_of",
        "replaces", "operator", "file",
      ]
      let rows = entries.map { entry in
        [
          entry.issueID, entry.kind.rawValue, entry.week?.description ?? "—",
          entry.guardian.rawValue, entry.student.rawValue, entry.classID.rawValue,
          clock.timestamp(entry.createdAt), entry.asOf?.iso ?? "—", entry.replaces ?? "—",
          entry.operatorName, entry.file,
        ]
      }
      return TextTable.lines(header: header, rows: rows)
    }
  }

  public static func run(_ options: Options) throws(PaperDiaryError) -> Listing {
    var week: SchoolWeek?
    if let text = options.week {
      guard let parsed = SchoolWeek(text) else {
        throw PaperDiaryError(.usage, "--week: '\(text)' is not an ISO week (e.g. 2026-W48)")
      }
      week = parsed
    }
    do {
      let store = try GradeStore(path: options.store)
      let zone = try store.settings()?.zone ?? SchoolSettings.utc
      let entries = try store.ledgerEntries(
        week: week, student: options.student.map { StudentID($0) })
      return Listing(entries: entries, zone: zone)
    } catch {
      throw PaperDiaryError(error)
    }
  }
}
