import DiaryRules
import Foundation
import GradeStore
import SheetRendering

/// `paperdiary weekly`: the Friday batch (R3, R10).
///
/// It issues a sheet to every recipient on the as-of date whose student's grade has a study day
/// in the week, skipping pairs that already have the week's weekly issue, then rebuilds every
/// class's print file and register and the week's manifest from the ledger. Under the week's
/// lock, so two batches never issue a sheet twice; re-running is always the cure.
public enum WeeklyWorkflow {
  public struct Options: Sendable {
    public var store: String
    public var out: String?
    public var week: String?
    public var asOf: String?
    public var now: String?
    public var classes: [String] = []
    public var jobs: Int?
    public var template: String?
    public var printer: String?
    /// The environment `lp` runs in with `printer` (`CUPS_SERVER` picks the scheduler); the
    /// process's own when nil. Tests point it at a private cupsd.
    public var environment: [String: String]?
    public var reprint = false
    public var simplex = false
    public var operatorName: String?
    public var quiet = false
    public var dryRun = false
    /// Whether the returned manifest lists this run's sheets (`--json`); without them the
    /// batch's memory stays the same for any number of sheets.
    public var keepSheets = true
    /// Where "waiting for the lock" and other progress sentences go (stderr in the CLI).
    public var say: @Sendable (String) -> Void = { _ in }
    public var progressOutput: ProgressBar.Output = .standardError

    public init(store: String) { self.store = store }
  }

  public static func run(_ options: Options, clock: Date = Date()) throws(PaperDiaryError)
    -> WeeklyManifest
  {
    var trace = PhaseTrace("weekly")
    do {
      let (store, settings, dataLock) = try OpenStore.forIssuing(
        options.store, onWait: options.say)
      defer { dataLock.release() }
      try checkClasses(options.classes, store: store)
      let calendar = try store.studyCalendar()
      let selection = try WeekSelection.resolve(
        week: options.week, asOf: options.asOf, now: options.now, settings: settings,
        calendar: calendar, clock: clock)
      var manifest = WeeklyManifest(week: selection.week, asOf: selection.asOf)
      guard selection.lastStudyDay != nil else {
        manifest.note = "\(selection.week) has no study day: no weekly sheets are owed"
        return manifest
      }
      guard !options.dryRun else {
        return try dryRun(
          options, store: store, settings: settings, calendar: calendar, selection: selection)
      }
      guard let out = options.out else {
        throw PaperDiaryError(.usage, "--out is required unless --dry-run is given")
      }
      // Fontconfig is made ready on the other core while this one finds who is owed, and the
      // sheet's fonts once the school's recipients are let go (the batch's memory peaks while
      // they are held); the first drawing thread takes them over.
      let warmUp = FontWarmUp.begin()
      defer { warmUp.stop() }
      let template = try loadTemplate(options.template ?? settings.template)
      manifest.decimalSeparator = template.decimalSeparator
      let held = try WeekFolder.lock(
        out: out, week: selection.week, store: store, onWait: options.say)
      defer { held.release() }
      let folder = held.folder
      trace.mark("store opened, week locked")
      try clearLeftovers(store: store, folder: folder, week: selection.week)
      trace.mark("leftovers cleared")

      let owedSplit = try owed(options, store: store, calendar: calendar, selection: selection)
      manifest.skipped = owedSplit.skipped
      let operatorName = options.operatorName ?? OperatorName.current()
      let ids = try store.reserveIssues(
        owedSplit.owed.map {
          .weekly(guardian: $0.guardian, student: $0.student, week: selection.week)
        }, at: selection.now)
      let pending = zip(owedSplit.owed, ids).map { recipient, issueID in
        PendingSheet(
          recipient: recipient, issueID: issueID, kind: .weekly, replaces: nil, reason: nil,
          asOf: selection.asOf)
      }
      trace.mark("ids reserved")
      let context = try store.sheetContext(for: selection.week)
      // The school's registry and recipients were read to find who is owed: hand what they
      // took back to the system before the long part, so the batch's memory is that of the
      // sheets it keeps, not of the school's size.
      HeapTrim.now()
      if !pending.isEmpty {
        warmUp.warm(WeeklySheetLayout(template: template).textStyles, template: template)
      }
      trace.mark("context read")
      let jobs = options.jobs ?? ProcessInfo.processInfo.activeProcessorCount
      let progress = ProgressBar(
        total: pending.count, quiet: options.quiet, output: options.progressOutput)
      let issuer = SheetIssuer(
        store: store, settings: settings, template: template, context: context,
        week: selection.week, folder: folder, operatorName: operatorName, now: selection.now,
        importID: try store.latestImportID(), jobs: jobs, progress: progress,
        keepEntries: options.keepSheets, warmUp: warmUp)
      let assembly = WeekAssembly(
        store: store, settings: settings, template: template, week: selection.week,
        folder: folder, simplex: options.simplex, now: selection.now, say: options.say)
      // The print files of the classes done are joined while the last sheets are drawn. Their
      // numbers are given in print order, as `classes()` would give them.
      var seen: Set<ClassID> = []
      let ahead = PrintFilesAhead(
        assembly: assembly,
        numbers: try store.classFileNumbers(
          for: pending.map(\.recipient.classID).filter { seen.insert($0).inserted }))
      let outcome = try issuer.issue(pending, ahead: ahead)
      progress.finish()
      // The pending sheets and the school's recipients are done with: the class files and the
      // manifest start from what the batch keeps.
      HeapTrim.now()
      trace.mark("sheets issued")
      if let reason = outcome.drawnApartReason {
        options.say(
          "\(outcome.drawnApart) groups of sheets were drawn one by one (slower, same sheets): "
            + reason)
      }
      manifest.sheets = outcome.issued
      manifest.issuedCount = outcome.issuedCount
      manifest.failed = outcome.failed
      try store.recordRun(
        WeekRun(
          week: selection.week, startedAt: selection.now, operatorName: operatorName,
          asOf: selection.asOf, issued: outcome.issuedCount, skipped: manifest.skipped.count,
          failed: outcome.failed.count))

      let classes = try assembly.classes()
      trace.mark("classes read")
      try assembly.rebuildClassFiles(
        classes, only: nil, jobs: jobs, madeAhead: ahead.digests,
        alongside: { try assembly.writeManifest(classes) })
      trace.mark("class files and manifest written")
      let touched = outcome.classes
      for group in classes where touched.contains(group.classID) {
        manifest.printFiles.append(assembly.printFile(group))
        manifest.registerFiles.append(assembly.registerFile(group))
      }
      if let printer = options.printer {
        manifest.printJobs = try WeekPrinting(
          queue: PrintQueue(
            name: printer,
            environment: options.environment ?? ProcessInfo.processInfo.environment),
          folder: folder, week: selection.week,
          simplex: options.simplex, template: template
        ).print(
          classes: classes, of: assembly, issued: outcome.issueIDs, issuedClasses: touched,
          reprint: options.reprint)
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

  /// The template `choice` names (a bundled name or a folder); a broken one is bad input.
  static func loadTemplate(_ choice: String?) throws(PaperDiaryError) -> Template {
    do {
      return try TemplateLocator.load(choice)
    } catch {
      throw PaperDiaryError(.badInput, error.description)
    }
  }

  /// Under the week's lock, anything not in the ledger is from a run that died: its
  /// reservations and files go (§5).
  static func clearLeftovers(store: GradeStore, folder: WeekFolder, week: SchoolWeek) throws {
    _ = try store.dropReservations(scope: .week(week))
    let recorded = try store.recordedIssueIDs(week: week)
    try folder.removeLeftovers(recorded: recorded)
  }

  /// `clearLeftovers` for a teacher's single sheet: the sheets a run that died can have left
  /// are those of the ids it reserved, removed by name before their reservations go, so that
  /// `sheets/` (a file a sheet of the week) is not listed. Only the batch sweeps `sheets/`
  /// for any other file the ledger does not name.
  static func clearReservedLeftovers(store: GradeStore, folder: WeekFolder, week: SchoolWeek)
    throws
  {
    try folder.removeLeftovers(reserved: try store.reservedIssueIDs(scope: .week(week)))
    _ = try store.dropReservations(scope: .week(week))
  }

  /// `--class` ids the store does not hold are refused before anything is written: a mistyped
  /// id would otherwise issue nothing and say so only as "0 sheets issued".
  private static func checkClasses(_ ids: [String], store: GradeStore) throws(PaperDiaryError) {
    guard !ids.isEmpty else { return }
    let known = try PaperDiaryError.wrap { () throws(StoreError) in try store.classIDs() }
    let unknown = ids.filter { !known.contains(ClassID($0)) }
    guard !unknown.isEmpty else { return }
    throw PaperDiaryError(
      .badInput,
      "--class \(unknown.joined(separator: ", ")): no such class in \(store.path); its classes "
        + "are \(known.map(\.rawValue).joined(separator: ", ")) (class_id in classes.csv); "
        + "nothing was issued")
  }

  /// Recipients of the week split into those owed a sheet and those who already have one.
  private static func owed(
    _ options: Options, store: GradeStore, calendar: StudyCalendar, selection: WeekSelection
  ) throws -> (owed: [Recipient], skipped: [WeeklyManifest.Skipped]) {
    let wanted = Set(options.classes.map { ClassID($0) })
    let recipients = try store.recipients(on: selection.asOf).filter {
      !calendar.studyDays(in: selection.week, grade: $0.grade).isEmpty
        && (wanted.isEmpty || wanted.contains($0.classID))
    }
    let issued = try store.weeklyIssues(in: selection.week)
    var owed: [Recipient] = []
    var skipped: [WeeklyManifest.Skipped] = []
    for recipient in recipients {
      if let issueID = issued[
        RecipientKey(guardian: recipient.guardian, student: recipient.student)]
      {
        skipped.append(
          .init(
            guardian: recipient.guardian, student: recipient.student, reason: "already_issued",
            issueID: issueID))
      } else {
        owed.append(recipient)
      }
    }
    return (owed, skipped)
  }

  /// `--dry-run`: the manifest of what would be issued; nothing is written.
  private static func dryRun(
    _ options: Options, store: GradeStore, settings: SchoolSettings, calendar: StudyCalendar,
    selection: WeekSelection
  ) throws -> WeeklyManifest {
    var manifest = WeeklyManifest(week: selection.week, asOf: selection.asOf)
    let split = try owed(options, store: store, calendar: calendar, selection: selection)
    manifest.skipped = split.skipped
    let scale = settings.grading
    manifest.sheets = try store.withSheetSources { reader in
      var sheets: [WeeklyManifest.Sheet] = []
      for recipient in split.owed {
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
    manifest.issuedCount = manifest.sheets.count
    return manifest
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

extension WeeklyWorkflow {
  /// `OUT/<week>` as an absolute path, for the line that tells the office where to look.
  public static func weekFolder(out: String, week: SchoolWeek) -> String {
    URL(fileURLWithPath: out).standardizedFileURL.appendingPathComponent(week.description).path
  }
}
