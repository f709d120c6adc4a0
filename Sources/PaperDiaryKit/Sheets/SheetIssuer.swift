import DiaryRules
import Dispatch
import Foundation
import GradeStore
import SheetRendering

/// One sheet to make: its reserved id and what it is (a weekly issue or a reissue, R4).
struct PendingSheet: Sendable {
  let recipient: Recipient
  let issueID: String
  let kind: LedgerEntry.Kind
  let replaces: String?
  let reason: String?
  let asOf: LocalDate
}

/// Renders reserved sheets on `jobs` threads and records them in groups: each group's files are
/// written through `.tmp`, synced and renamed, their folder synced, and only then their ledger
/// rows committed in one transaction (§5, §7) — so no row ever names a missing or partial file.
/// Groups are committed in print order, so the ledger's order is print order.
final class SheetIssuer: Sendable {
  struct Outcome {
    var issued: [WeeklyManifest.Sheet] = []
    var failed: [WeeklyManifest.Failed] = []
  }

  let store: GradeStore
  let settings: SchoolSettings
  let template: Template
  let context: SheetContext
  let week: SchoolWeek
  let folder: WeekFolder
  let operatorName: String
  let now: Date
  let importID: Int64?
  let jobs: Int
  let progress: ProgressBar?
  /// Sheets per durable group: small enough that a kill loses little work, large enough that
  /// a folder sync and a commit are spread over many sheets.
  let groupSize = 32

  init(
    store: GradeStore, settings: SchoolSettings, template: Template, context: SheetContext,
    week: SchoolWeek, folder: WeekFolder, operatorName: String, now: Date, importID: Int64?,
    jobs: Int, progress: ProgressBar?
  ) {
    self.store = store
    self.settings = settings
    self.template = template
    self.context = context
    self.week = week
    self.folder = folder
    self.operatorName = operatorName
    self.now = now
    self.importID = importID
    self.jobs = max(1, jobs)
    self.progress = progress
  }

  /// Makes and records every pending sheet; a sheet that fails is reported and the rest go on.
  func issue(_ pending: [PendingSheet]) throws(PaperDiaryError) -> Outcome {
    var outcome = Outcome()
    let workers = (0..<jobs).map { _ in Worker(template: template) }
    var start = 0
    while start < pending.count {
      let group = Array(pending[start..<min(start + groupSize, pending.count)])
      start += group.count
      let results = render(group, workers: workers)
      var made: [(PendingSheet, Made)] = []
      for (sheet, result) in zip(group, results) {
        switch result {
        case .success(let sheetMade): made.append((sheet, sheetMade))
        case .failure(let error):
          outcome.failed.append(
            .init(
              guardian: sheet.recipient.guardian, student: sheet.recipient.student,
              error: "\(error)"))
        }
      }
      guard !made.isEmpty else { continue }
      try DurableFile.syncFolder(folder.sheets)
      let documents = made.map { sheet, result in
        IssuedDocument(
          issueID: sheet.issueID, kind: sheet.kind, guardian: sheet.recipient.guardian,
          student: sheet.recipient.student, classID: sheet.recipient.classID, week: week,
          replaces: sheet.replaces, reason: sheet.reason, operatorName: operatorName,
          createdAt: now, asOf: sheet.asOf, importID: importID, file: result.file.path,
          sha256: result.entry.sha256 ?? "", pages: result.entry.pages,
          entry: WeeklyManifest.sheetJSON(result.entry, decimalSeparator: template.decimalSeparator)
            .rendered(pretty: false))
      }
      do {
        try store.recordIssues(documents)
      } catch {
        // Nothing of the group is recorded: its files go, so none is left without a row.
        for (_, result) in made { unlink(result.file.path) }
        throw PaperDiaryError(error)
      }
      outcome.issued += made.map(\.1.entry)
    }
    return outcome
  }

  // MARK: - Rendering on several threads

  private struct Made: Sendable {
    let entry: WeeklyManifest.Sheet
    let file: URL
  }

  private func render(_ group: [PendingSheet], workers: [Worker]) -> [Result<Made, PaperDiaryError>]
  {
    let results = ResultSlots<Made>(count: group.count)
    let workerCount = min(workers.count, group.count)
    let shared = WorkerPool(workers)
    DispatchQueue.concurrentPerform(iterations: workerCount) { index in
      let worker = shared.worker(index)
      do {
        try store.withSheetSources { reader in
          for position in stride(from: index, to: group.count, by: workerCount) {
            results.set(position, make(group[position], reader: reader, renderer: worker.renderer))
            progress?.advance()
          }
        }
      } catch {
        for position in stride(from: index, to: group.count, by: workerCount)
        where !results.isSet(position) {
          results.set(position, .failure(PaperDiaryError(.failure, "\(error)")))
        }
      }
    }
    return results.values(or: PaperDiaryError(.failure, "a sheet was not made"))
  }

  private func make(_ sheet: PendingSheet, reader: SheetSourceReader, renderer: DocumentRenderer)
    -> Result<Made, PaperDiaryError>
  {
    let recipient = sheet.recipient
    do {
      let source = try reader.source(
        student: recipient.student, classID: recipient.classID, grade: recipient.grade,
        asOf: sheet.asOf)
      let forecasts = WeeklyWorkflow.forecasts(source, asOf: sheet.asOf, scale: settings.grading)
      let builder = WeeklySheetBuilder(
        settings: settings, context: context, week: week, asOf: sheet.asOf)
      let clock = SchoolClock(now: now, zone: settings.zone)
      let content = builder.sheet(
        for: recipient, source: source, forecasts: forecasts, issueID: sheet.issueID,
        issuedOn: clock.today, replaces: sheet.replaces)
      let document = WeeklySheetLayout(template: renderer.template).document(content)
      let rendered = try renderer.render(
        document, name: sheet.issueID, createdAt: clock.timestamp(now))
      let file = folder.sheet(sheet.issueID)
      try DurableFile.write(rendered.bytes, to: file)
      var entry = WeeklyManifest.Sheet(
        recipient: recipient, period: source.period?.id, subjects: forecasts)
      entry.issueID = sheet.issueID
      entry.kind = sheet.kind.rawValue
      entry.replaces = sheet.replaces
      entry.file = folder.relative(file)
      entry.sha256 = DurableFile.sha256(rendered.bytes)
      entry.pages = rendered.pages
      return .success(Made(entry: entry, file: file))
    } catch let error as PaperDiaryError {
      return .failure(error)
    } catch {
      return .failure(PaperDiaryError(.failure, "sheet \(sheet.issueID): \(error)"))
    }
  }
}

/// One rendering thread's own Cairo and Pango objects; never shared between threads.
private final class Worker {
  let renderer: DocumentRenderer
  init(template: Template) { renderer = DocumentRenderer(template: template) }
}

/// Hands worker `i` to iteration `i` of `concurrentPerform`.
// @unchecked: each iteration index is used by exactly one thread at a time, and a worker's
// objects are touched only by the iteration that holds its index.
private final class WorkerPool: @unchecked Sendable {
  private let workers: [Worker]
  init(_ workers: [Worker]) { self.workers = workers }
  func worker(_ index: Int) -> Worker { workers[index] }
}

/// Results filled in by index from several threads.
private final class ResultSlots<Value: Sendable>: @unchecked Sendable {
  // @unchecked: every access goes through `lock`.
  private let lock = NSLock()
  private var slots: [Result<Value, PaperDiaryError>?]

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func set(_ index: Int, _ value: Result<Value, PaperDiaryError>) {
    lock.lock()
    slots[index] = value
    lock.unlock()
  }

  func isSet(_ index: Int) -> Bool {
    lock.lock()
    defer { lock.unlock() }
    return slots[index] != nil
  }

  func values(or missing: PaperDiaryError) -> [Result<Value, PaperDiaryError>] {
    lock.lock()
    defer { lock.unlock() }
    return slots.map { $0 ?? .failure(missing) }
  }
}
