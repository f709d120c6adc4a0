import DiaryRules
import Foundation
import GradeStore
import SheetRendering

/// `paperdiary sheet`: a teacher's single sheet (R3, R4).
///
/// The week's weekly issue when the pair has none yet; otherwise a reissue that needs a reason,
/// uses the as-of date of the issue it replaces and the store as it is now, and is marked
/// «Повторная выдача взамен № …». Once the sheet is recorded (`Options.issued`), its class's
/// print file and register and the week's manifest are rebuilt so they hold the latest issue
/// of each pair.
public enum SheetWorkflow {
  public struct Options: Sendable {
    public var store: String
    public var out: String
    public var student: String
    public var guardian: String?
    public var week: String?
    public var reason: String?
    public var operatorName: String?
    public var now: String?
    public var template: String?
    public var say: @Sendable (String) -> Void = { _ in }
    /// Called once the sheet is on disk and in the ledger, before its class files and the
    /// week's manifest are rebuilt: the teacher has the path without waiting for the office's
    /// files (the CLI prints it then).
    public var issued: @Sendable (Result) -> Void = { _ in }

    public init(store: String, out: String, student: String) {
      self.store = store
      self.out = out
      self.student = student
    }
  }

  public struct Result: Sendable {
    /// The PDF's absolute path.
    public let file: String
    public let issueID: String
    public let replaces: String?
    public let pages: Int
  }

  public static func run(_ options: Options, clock: Date = Date()) throws(PaperDiaryError)
    -> Result
  {
    var trace = PhaseTrace("sheet")
    // Fontconfig and the sheet's fonts are made ready on the other core while this one works in
    // the store; the thread that draws the sheet takes them over.
    let warmUp = FontWarmUp.begin()
    defer { warmUp.stop() }
    do {
      let (store, settings, dataLock) = try OpenStore.forIssuing(
        options.store, onWait: options.say)
      defer { dataLock.release() }
      let calendar = try store.studyCalendar()
      let selection = try WeekSelection.resolve(
        week: options.week, asOf: nil, now: options.now, settings: settings, calendar: calendar,
        clock: clock)
      let student = StudentID(options.student)
      trace.mark("store opened")
      let template = try WeeklyWorkflow.loadTemplate(options.template ?? settings.template)
      warmUp.warm(WeeklySheetLayout(template: template).textStyles, template: template)
      let held = try WeekFolder.lock(
        out: options.out, week: selection.week, store: store, onWait: options.say)
      defer { held.release() }
      let folder = held.folder
      trace.mark("template loaded, week locked")
      try WeeklyWorkflow.clearReservedLeftovers(store: store, folder: folder, week: selection.week)
      // The week as the manifest in place should reflect it, before this sheet changes it.
      let before = try store.weekState(selection.week)
      trace.mark("leftovers cleared")

      let recipientsOfWeek = try store.recipients(on: selection.asOf, student: student)
      let guardian = try chooseGuardian(
        options, store: store, student: student, recipients: recipientsOfWeek,
        asOf: selection.asOf, week: selection.week)
      let latest = try store.latestIssue(week: selection.week, guardian: guardian, student: student)
      var asOf = selection.asOf
      let request: IssueRequest
      if let latest {
        guard options.reason.map({ !$0.trimmingCharacters(in: .whitespaces).isEmpty }) == true
        else {
          throw PaperDiaryError(
            .badInput,
            "\(latest.issueID) already is the \(selection.week) sheet of student \(student) for "
              + "guardian \(guardian); a replacement needs --reason (R4), e.g. --reason "
              + "'mark corrected'")
        }
        asOf = latest.asOf ?? asOf
        request = .reissue(
          guardian: guardian, student: student, week: selection.week, replaces: latest.issueID)
      } else {
        request = .weekly(guardian: guardian, student: student, week: selection.week)
      }
      // R4: a reissue is for the pair as it was on the replaced issue's as-of date.
      let recipientsOnDay =
        asOf == selection.asOf
        ? recipientsOfWeek : try store.recipients(on: asOf, student: student)
      guard
        let recipient = recipientsOnDay.first(where: {
          $0.student == student && $0.guardian == guardian
        })
      else {
        throw PaperDiaryError(
          .badInput,
          "student \(student) and guardian \(guardian) are not a paper recipient on \(asOf.iso) "
            + "(no refusal in force, or not linked or enrolled then); nothing was issued")
      }
      guard !calendar.studyDays(in: selection.week, grade: recipient.grade).isEmpty else {
        throw PaperDiaryError(
          .badInput,
          "\(selection.week) has no study day for grade \(recipient.grade): no sheet is owed")
      }
      let operatorName = options.operatorName ?? OperatorName.current()
      let ids = try store.reserveIssues([request], at: selection.now)
      guard let issueID = ids.first else {
        throw PaperDiaryError(.failure, "the store reserved no issue number")
      }
      trace.mark("recipient found, id reserved")
      let context = try store.sheetContext(for: selection.week, student: student)
      trace.mark("context read")
      let issuer = SheetIssuer(
        store: store, settings: settings, template: template, context: context,
        week: selection.week, folder: folder, operatorName: operatorName, now: selection.now,
        importID: try store.latestImportID(), jobs: 1, progress: nil, warmUp: warmUp)
      let outcome = try issuer.issue([
        PendingSheet(
          recipient: recipient, issueID: issueID, kind: request.kind, replaces: request.replaces,
          reason: options.reason, asOf: asOf)
      ])
      trace.mark("sheet issued")
      if let failure = outcome.failed.first {
        throw PaperDiaryError(.failure, "sheet \(issueID): \(failure.error)")
      }
      guard let made = outcome.issued.first else {
        throw PaperDiaryError(.failure, "sheet \(issueID) was not made")
      }
      let result = Result(
        file: folder.sheet(issueID).path, issueID: issueID, replaces: request.replaces,
        pages: made.pages ?? 1)
      options.issued(result)
      trace.mark("sheet recorded")
      do {
        // The run is the manifest's bookkeeping, not the sheet's: the teacher does not wait.
        try PaperDiaryError.wrap { () throws(StoreError) in
          try store.recordRun(
            WeekRun(
              week: selection.week, startedAt: selection.now, operatorName: operatorName,
              asOf: asOf, issued: 1, skipped: 0, failed: 0))
        }
        try rebuild(
          WeekAssembly(
            store: store, settings: settings, template: template, week: selection.week,
            folder: folder, simplex: false, now: selection.now, say: options.say),
          changed: Set([recipient.classID] + (latest.map { [$0.classID] } ?? [])),
          before: before, trace: &trace)
      } catch {
        // Running `sheet` again would issue another sheet; the batch rebuilds what is stale.
        throw PaperDiaryError(
          error.kind,
          "\(issueID) is issued (\(result.file)), but what follows it failed: "
            + "\(error.description). Do not run `sheet` again for it: `paperdiary weekly --week "
            + "\(selection.week)` rebuilds the class files and the manifest")
      }
      return result
    } catch let error as PaperDiaryError {
      throw error
    } catch let error as StoreError {
      throw PaperDiaryError(error)
    } catch {
      throw PaperDiaryError(.failure, "\(error)")
    }
  }

  /// The class files and the manifest after the sheet: `changed` holds the sheet's class, and
  /// the class it left when the pair moved since its replaced sheet. The class files come from
  /// the sheets' PDFs, the manifest from the ledger's entries: neither waits for the other.
  private static func rebuild(
    _ assembly: WeekAssembly, changed: Set<ClassID>, before: WeekState, trace: inout PhaseTrace
  ) throws(PaperDiaryError) {
    let classes = try assembly.classes()
    trace.mark("classes read")
    try assembly.rebuildClassFiles(
      classes, only: changed, jobs: 2,
      alongside: { try assembly.updateManifest(classes, changed: changed, before: before) })
    trace.mark("class files and manifest rebuilt")
  }

  /// `--guardian`, or the student's only guardian among `recipients` (those of the as-of date).
  private static func chooseGuardian(
    _ options: Options, store: GradeStore, student: StudentID, recipients: [Recipient],
    asOf: LocalDate, week: SchoolWeek
  ) throws -> GuardianID {
    if let guardian = options.guardian { return GuardianID(guardian) }
    let guardians = recipients.filter { $0.student == student }.map(\.guardian)
    switch guardians.count {
    case 1:
      return guardians[0]
    case 0:
      // A reissue may concern an earlier as-of date: the pair of the week's only issue.
      let issued = Set(try store.ledgerEntries(week: week, student: student).map(\.guardian))
      if issued.count == 1, let guardian = issued.first { return guardian }
      throw PaperDiaryError(
        .badInput,
        "student \(student) has no guardian who receives paper on \(asOf.iso); check the id "
          + "or the registry (`paperdiary registry list --student \(student)`)")
    default:
      throw PaperDiaryError(
        .badInput,
        "student \(student) has \(guardians.count) guardians who receive paper ("
          + guardians.map(\.rawValue).joined(separator: ", ") + "); say which with --guardian")
    }
  }
}
