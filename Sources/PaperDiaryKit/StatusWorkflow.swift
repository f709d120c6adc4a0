import DiaryRules
import Foundation
import GradeStore

/// `paperdiary status`: who receives paper, which weekly sheets were missed (R3) and which
/// final-results notices are overdue or due within 24 hours (R6). Output carries ids only (R9).
public enum StatusWorkflow {
  public struct Options: Sendable {
    public var store: String
    /// Limits recipients and missed sheets to one ISO week; notices have no week.
    public var week: String?
    /// The time to act as now (DESIGN §6), in any form `--now` accepts.
    public var now: String?

    public init(store: String) { self.store = store }
  }

  /// What `status` found, ready to print as JSON or text.
  public struct Report: Sendable {
    public let clock: SchoolClock
    /// The week given with `--week`, if any.
    public let week: SchoolWeek?
    /// The date the recipients are of: today, or the week's last study day; nil when the week
    /// has no study day.
    public let recipientsDate: LocalDate?
    public let recipients: [Recipient]
    /// Where the cadence starts (R3); nil when nothing is owed yet.
    public let paperSince: LocalDate?
    public let missed: [OwedSheet]
    public let overdue: [PendingNotice]
    public let dueSoon: [PendingNotice]

    /// `--check`: a missed sheet or an overdue notice is a breach of the regulation.
    public var needsAttention: Bool { !missed.isEmpty || !overdue.isEmpty }

    /// DESIGN §6's object, keys in its order.
    public var json: JSONValue {
      .object([
        ("now", .string(clock.timestamp(clock.now))),
        (
          "recipients",
          .array(
            recipients.map {
              .object([
                ("guardian_id", .string($0.guardian.rawValue)),
                ("student_id", .string($0.student.rawValue)),
                ("class_id", .string($0.classID.rawValue)),
                ("delivery", .string($0.delivery.rawValue)),
              ])
            })
        ),
        (
          "missed",
          .array(
            missed.map {
              .object([
                ("guardian_id", .string($0.guardian.rawValue)),
                ("student_id", .string($0.student.rawValue)),
                ("week", .string($0.week.description)),
              ])
            })
        ),
        ("notices_overdue", .array(overdue.map(noticeJSON))),
        ("notices_due_soon", .array(dueSoon.map(noticeJSON))),
      ])
    }

    private func noticeJSON(_ notice: PendingNotice) -> JSONValue {
      .object([
        ("guardian_id", .string(notice.guardian.rawValue)),
        ("student_id", .string(notice.student.rawValue)),
        ("deadline", .string(clock.timestamp(notice.deadline))),
      ])
    }

    /// The short readable summary: a headline per section, then one aligned row per item.
    public var lines: [String] {
      var lines = ["now " + clock.timestamp(clock.now)]
      if let recipientsDate {
        lines.append("recipients on \(recipientsDate): \(recipients.count)")
        lines += table(
          recipients.map {
            [
              $0.guardian.rawValue, $0.student.rawValue,
              $0.classID.rawValue, $0.delivery.rawValue,
            ]
          })
      } else if let week {
        lines.append("recipients: none, \(week) has no study day")
      }
      let scope = week.map { " in \($0)" } ?? ""
      if paperSince == nil {
        lines.append("missed weekly sheets\(scope): 0 (no paper_since and no weekly issue yet)")
      } else {
        lines.append("missed weekly sheets\(scope): \(missed.count)")
      }
      lines += table(
        missed.map { [$0.week.description, $0.guardian.rawValue, $0.student.rawValue] })
      lines.append("notices overdue: \(overdue.count)")
      lines += table(overdue.map(noticeRow))
      lines.append("notices due within 24 h: \(dueSoon.count)")
      lines += table(dueSoon.map(noticeRow))
      return lines
    }

    private func noticeRow(_ notice: PendingNotice) -> [String] {
      [
        notice.guardian.rawValue, notice.student.rawValue,
        "due " + clock.timestamp(notice.deadline),
      ]
    }

    private func table(_ rows: [[String]]) -> [String] {
      guard let columns = rows.first?.count else { return [] }
      let widths = (0..<columns).map { column in rows.map { $0[column].count }.max() ?? 0 }
      return rows.map { cells in
        "  "
          + cells.enumerated().map { column, cell in
            column == cells.count - 1
              ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
          }.joined(separator: "  ")
      }
    }
  }

  /// Reads the store and applies R1, R3 and R6 at `options.now` (default `clock`).
  public static func run(_ options: Options, clock: Date = Date()) throws(PaperDiaryError)
    -> Report
  {
    do {
      let (store, settings) = try OpenStore.withSettings(options.store)
      let calendar = try store.studyCalendar()
      let selection = try WeekSelection.resolve(
        week: options.week, asOf: nil, now: options.now, settings: settings, calendar: calendar,
        clock: clock)
      let zone = settings.zone
      let school = SchoolClock(now: selection.now, zone: zone)
      let week = options.week == nil ? nil : selection.week
      let recipientsDate = week == nil ? school.today : selection.lastStudyDay

      let paperSince = OwedSheets.paperSince(
        configured: settings.paperSince, firstWeeklyIssue: try store.firstWeeklyIssueWeek())
      var weeks = OwedSheets.finishedWeeks(since: paperSince, clock: school)
      if let week { weeks = weeks.filter { $0 == week } }
      let results = try store.finalResults()
      let dates = OwedSheets.recipientDates(of: weeks, calendar: calendar)
        .union(PendingNotices.recipientDates(of: results, clock: school))
        .union(recipientsDate.map { [$0] } ?? [])
      let recipientsOn = try store.recipients(onEach: dates)

      let missed = OwedSheets.missed(
        weeks: weeks, calendar: calendar, paperSince: paperSince, recipientsOn: recipientsOn,
        issued: try store.issuedWeeklySheets(week: week), clock: school)
      let notices = PendingNotices.pending(
        results: results, covered: try store.noticeCoverage(), recipientsOn: recipientsOn,
        clock: school)
      return Report(
        clock: school, week: week, recipientsDate: recipientsDate,
        recipients: recipientsDate.flatMap { recipientsOn[$0] } ?? [], paperSince: paperSince,
        missed: missed, overdue: notices.filter { $0.urgency(at: school.now) == .overdue },
        dueSoon: notices.filter { $0.urgency(at: school.now) == .dueSoon })
    } catch let error as PaperDiaryError {
      throw error
    } catch let error as StoreError {
      throw PaperDiaryError(error)
    } catch {
      throw PaperDiaryError(.failure, "\(error)")
    }
  }
}
