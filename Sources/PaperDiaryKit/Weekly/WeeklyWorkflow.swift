import DiaryRules
import Foundation
import GradeStore

/// `paperdiary weekly`: the Friday batch (R3).
///
/// It issues a sheet to every recipient on the as-of date whose student's grade has a study day
/// in the week, skipping pairs that already have the week's weekly issue. Rendering comes with
/// the sheet work; until then only `--dry-run` runs, and nothing is ever recorded without its
/// file.
public enum WeeklyWorkflow {
  public struct Options: Sendable {
    public var store: String
    public var week: String?
    public var asOf: String?
    public var now: String?
    public var classes: [String] = []
    public var dryRun = false

    public init(store: String) { self.store = store }
  }

  public static func run(_ options: Options, clock: Date = Date()) throws(PaperDiaryError)
    -> WeeklyManifest
  {
    guard options.dryRun else {
      throw PaperDiaryError(.failure, "rendering is not implemented yet; use --dry-run")
    }
    do {
      let (store, settings) = try OpenStore.withSettings(options.store)
      let calendar = try store.studyCalendar()
      let selection = try WeekSelection.resolve(
        week: options.week, asOf: options.asOf, now: options.now, settings: settings,
        calendar: calendar, clock: clock)
      var manifest = WeeklyManifest(week: selection.week, asOf: selection.asOf)
      guard selection.lastStudyDay != nil else {
        manifest.note = "\(selection.week) has no study day: no weekly sheets are owed"
        return manifest
      }
      let wanted = Set(options.classes.map { ClassID($0) })
      let recipients = try store.recipients(on: selection.asOf).filter {
        !calendar.studyDays(in: selection.week, grade: $0.grade).isEmpty
          && (wanted.isEmpty || wanted.contains($0.classID))
      }
      let issued = try store.weeklyIssues(in: selection.week)
      let scale = settings.grading
      for recipient in recipients {
        let key = RecipientKey(guardian: recipient.guardian, student: recipient.student)
        if let issueID = issued[key] {
          manifest.skipped.append(
            .init(
              guardian: recipient.guardian, student: recipient.student, reason: "already_issued",
              issueID: issueID))
        }
      }
      let owed = recipients.filter {
        issued[RecipientKey(guardian: $0.guardian, student: $0.student)] == nil
      }
      manifest.sheets = try store.withSheetSources { reader in
        var sheets: [WeeklyManifest.Sheet] = []
        for recipient in owed {
          let source = try reader.source(
            student: recipient.student, classID: recipient.classID, grade: recipient.grade,
            asOf: selection.asOf)
          sheets.append(
            WeeklyManifest.Sheet(
              recipient: recipient, period: source.period?.id,
              subjects: forecasts(source, asOf: selection.asOf, scale: scale)))
        }
        return sheets
      }
      return manifest
    } catch let error as PaperDiaryError {
      throw error
    } catch let error as StoreError {
      throw PaperDiaryError(error)
    } catch {
      throw PaperDiaryError(.failure, "\(error)")
    }
  }

  /// The §3 figures of every subject the sheet lists.
  static func forecasts(
    _ source: SheetSource, asOf: LocalDate, scale: GradingScale
  ) -> [SubjectForecast] {
    source.subjects.map { subject in
      SubjectForecast(
        ForecastInput(
          subject: subject.id, asOf: asOf, period: source.period, scale: scale,
          gradeIsUnmarked: scale.unmarkedGrades.contains(source.grade),
          marks: subject.marks.map(\.forecastMark), attendance: subject.attendance,
          lessonDates: subject.lessonDates, finalMark: subject.finalMark))
    }
  }
}
