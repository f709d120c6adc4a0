import DiaryRules
import Foundation
import GradeStore
import SheetRendering

/// `paperdiary notices`: the final-results notices owed under R6 (regulation cl. 6 «не позже
/// суток»), one per (guardian, student) with anything pending, each covering all of it.
///
/// Under the lock of `OUT/notices`, leftovers of a run that died (reservations, `*.tmp`, PDFs
/// with no ledger row) go first; then ids are reserved, the notices rendered and written
/// durably, their folder synced, and only then their ledger rows recorded together with what
/// they cover — after which `status` no longer lists those results. Safe to run every hour.
public enum NoticesWorkflow {
  public struct Options: Sendable {
    public var store: String
    public var out: String
    /// The time to act as now (DESIGN §6), in any form `--now` accepts.
    public var now: String?
    public var operatorName: String?
    public var template: String?
    /// Where "waiting for the lock" goes (stderr in the CLI).
    public var say: @Sendable (String) -> Void = { _ in }

    public init(store: String, out: String) {
      self.store = store
      self.out = out
    }
  }

  /// One notice written and recorded.
  public struct Issued: Sendable, Hashable {
    public let issueID: String
    public let guardian: GuardianID
    public let student: StudentID
    /// The PDF's absolute path.
    public let path: String
    public let finals: Int
    public let exams: Int
    public let deadline: Date
  }

  /// A notice that could not be made; the others go on.
  public struct Failed: Sendable, Hashable {
    public let guardian: GuardianID
    public let student: StudentID
    public let error: String
  }

  /// What the run did.
  public struct Report: Sendable {
    public let clock: SchoolClock
    /// `OUT/notices`, absolute.
    public let folder: String
    public let issued: [Issued]
    public let failed: [Failed]

    /// One line: how many notices were issued, and how many were late against cl. 6.
    public var summary: String {
      let late = issued.filter { $0.deadline < clock.now }.count
      var line = "notices: \(issued.count) issued"
      if late > 0 { line += " (\(late) after their 24-hour deadline)" }
      if !failed.isEmpty { line += ", \(failed.count) failed" }
      return line + (issued.isEmpty && failed.isEmpty ? ", nothing is pending" : "")
        + " — \(folder)"
    }
  }

  public static func run(_ options: Options, clock: Date = Date()) throws(PaperDiaryError)
    -> Report
  {
    do {
      let (store, settings, dataLock) = try OpenStore.forIssuing(
        options.store, onWait: options.say)
      defer { dataLock.release() }
      let school = SchoolClock(
        now: try now(options.now, settings: settings, clock: clock), zone: settings.zone)
      let template = try WeeklyWorkflow.loadTemplate(options.template ?? settings.template)
      let base = URL(fileURLWithPath: options.out).standardizedFileURL
      try OutputFolder.ensureFolder(base)
      let folder = base.appendingPathComponent("notices")
      let storeLock = try WeekLock.acquire(
        store: store.path, scope: "notices", onWait: options.say)
      defer { storeLock.release() }
      let lock = try WeekLock.acquire(folder: folder, onWait: options.say)
      defer { lock.release() }
      try clearLeftovers(store: store, folder: folder)

      let results = try store.finalResults()
      let recipientsOn = try store.recipients(
        onEach: PendingNotices.recipientDates(of: results, clock: school))
      let pending = PendingNotices.pending(
        results: results, covered: try store.noticeCoverage(), recipientsOn: recipientsOn,
        clock: school)
      guard !pending.isEmpty else {
        return Report(clock: school, folder: folder.path, issued: [], failed: [])
      }
      let ids = try store.reserveIssues(
        pending.map { .notice(guardian: $0.guardian, student: $0.student) }, at: school.now)
      let maker = NoticeMaker(
        settings: settings, clock: school,
        names: try store.finalResultNames(for: pending.flatMap(\.items)))
      let renderer = DocumentRenderer(template: template)
      let operatorName = options.operatorName ?? OperatorName.current()
      let importID = try store.latestImportID()
      var documents: [IssuedDocument] = []
      var issued: [Issued] = []
      var failed: [Failed] = []
      for (notice, issueID) in zip(pending, ids) {
        let url = folder.appendingPathComponent(issueID + ".pdf")
        do {
          let content = try maker.notice(
            notice, parties: try store.formParties(student: notice.student), issueID: issueID)
          let rendered = try renderer.render(
            FinalNoticeLayout(template: template).document(content.notice), name: issueID)
          try DurableFile.write(rendered.bytes, to: url)
          documents.append(
            IssuedDocument(
              issueID: issueID, kind: .notice, guardian: notice.guardian,
              student: notice.student, classID: content.classID, week: nil,
              operatorName: operatorName, createdAt: school.now, asOf: school.today,
              importID: importID, file: url.path, sha256: DurableFile.sha256(rendered.bytes),
              pages: rendered.pages, entry: nil, covers: notice.items))
          issued.append(
            Issued(
              issueID: issueID, guardian: notice.guardian, student: notice.student,
              path: url.path, finals: content.notice.finals.count,
              exams: content.notice.exams.count, deadline: notice.deadline))
        } catch {
          failed.append(
            Failed(
              guardian: notice.guardian, student: notice.student,
              error: "notice \(issueID): \(error)"))
        }
      }
      if !documents.isEmpty {
        try DurableFile.syncFolder(folder)
        do {
          try store.recordIssues(documents)
        } catch {
          // Nothing was recorded: the files go too, so none is left without its ledger row.
          for document in documents { unlink(document.file) }
          throw error
        }
      }
      return Report(clock: school, folder: folder.path, issued: issued, failed: failed)
    } catch let error as PaperDiaryError {
      throw error
    } catch let error as StoreError {
      throw PaperDiaryError(error)
    } catch {
      throw PaperDiaryError(.failure, "notices: \(error)")
    }
  }

  /// `--now` in the school's zone, or the clock.
  private static func now(
    _ text: String?, settings: SchoolSettings, clock: Date
  ) throws(PaperDiaryError) -> Date {
    guard let text else { return clock }
    guard let parsed = ImportValueParser(timeZone: settings.zone).time(text) else {
      throw PaperDiaryError(
        .usage, "--now: '\(text)' is not a time (e.g. 2026-11-27 15:00 or 2026-11-27T15:00)")
    }
    return parsed
  }

  /// Under the lock, what no ledger row names is from a run that died (§5): its reservations,
  /// its `*.tmp` files and its unrecorded PDFs go.
  private static func clearLeftovers(store: GradeStore, folder: URL) throws {
    try store.dropReservations(scope: .notices)
    let recorded = Set(try store.ledgerEntries().filter { $0.kind == .notice }.map(\.issueID))
    try LeftoverFiles.remove(in: [folder], unrecordedPDFsIn: folder, recorded: recorded)
  }
}

/// Builds the content of one notice: the pair as the store holds them now, the results with
/// the names the run read once.
private struct NoticeMaker {
  struct Made {
    let notice: FinalNotice
    let classID: ClassID
  }

  let settings: SchoolSettings
  let clock: SchoolClock
  let names: FinalResultNames

  func notice(
    _ pending: PendingNotice, parties: FormParties?, issueID: String
  ) throws(PaperDiaryError) -> Made {
    guard let parties, let guardian = parties.guardian(pending.guardian) else {
      throw PaperDiaryError(
        .failure,
        "guardian \(pending.guardian) of student \(pending.student) is no longer in the store")
    }
    var finals: [FinalNotice.FinalMark] = []
    var exams: [FinalNotice.ExamResult] = []
    for item in pending.items {
      switch item.kind {
      case .final:
        let parts = item.key.split(separator: "/", maxSplits: 1).map(String.init)
        let subject = parts.first.map { names.subjects[SubjectID($0)] ?? $0 } ?? item.key
        let period = parts.count > 1 ? names.periods[PeriodID(parts[1])] ?? parts[1] : ""
        finals.append(
          .init(
            subject: subject, period: period, value: item.value,
            received: moment(item.recordedAt)))
      case .exam:
        guard let exam = names.exams[ExamResultID(item.key)] else {
          throw PaperDiaryError(.failure, "exam result '\(item.key)' is no longer in the store")
        }
        exams.append(
          .init(
            exam: exam.name, date: exam.date, score: exam.score, mark: exam.mark,
            received: moment(item.recordedAt)))
      }
    }
    let student = parties.student
    let notice = FinalNotice(
      school: settings.name, className: student.className,
      homeroomTeacher: student.homeroomTeacher, student: student.name, guardian: guardian.name,
      delivery: guardian.delivery, address: guardian.address, issueID: issueID,
      issuedOn: clock.today, deadline: moment(pending.deadline), finals: finals, exams: exams)
    return Made(notice: notice, classID: student.classID)
  }

  /// `instant` on the school's clock.
  private func moment(_ instant: Date) -> FinalNotice.Moment {
    let date = clock.localDate(of: instant)
    let seconds =
      Int(instant.timeIntervalSince1970.rounded(.down)) + clock.zone.secondsFromGMT(for: instant)
    let rest = seconds - date.dayNumber * 86_400
    return FinalNotice.Moment(date: date, hour: rest / 3600, minute: rest / 60 % 60)
  }
}
