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

/// Renders reserved sheets on `jobs` threads and records them in groups (§5, §7).
///
/// The threads take sheets in print order and write each PDF under its final name without a
/// sync. The calling thread commits: once a group's sheets are all written, one `syncfs`
/// makes their files and folder entries durable and only then are their ledger rows committed
/// in one transaction, so no row ever names a missing or partial file, and the ledger's order
/// is print order. Rendering goes on while a group is synced and committed. A file that a kill
/// leaves without a row is removed by the next run (`WeekFolder.removeLeftovers`).
final class SheetIssuer: Sendable {
  struct Outcome {
    /// The sheets' manifest entries, kept only when the issuer is asked to (`keepEntries`).
    var issued: [WeeklyManifest.Sheet] = []
    var issuedCount = 0
    var issueIDs: Set<String> = []
    var classes: Set<ClassID> = []
    var failed: [WeeklyManifest.Failed] = []
    /// Chunks drawn sheet by sheet because their shared PDF could not be cut, and why the
    /// first one could not: slower, never wrong, but worth a line to whoever runs the batch.
    var drawnApart = 0
    var drawnApartReason: String?
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
  /// Whether `Outcome.issued` keeps every sheet's entry (for `--json`); a batch that does not
  /// need them keeps counts only, so its memory does not grow with the number of sheets.
  let keepEntries: Bool
  /// Fonts made ready on another thread; the first rendering thread takes them over.
  let warmUp: FontWarmUp?
  /// Sheets per durable group: small enough that a kill loses little work, large enough that
  /// a sync and a commit are spread over many sheets.
  let groupSize = 32

  init(
    store: GradeStore, settings: SchoolSettings, template: Template, context: SheetContext,
    week: SchoolWeek, folder: WeekFolder, operatorName: String, now: Date, importID: Int64?,
    jobs: Int, progress: ProgressBar?, keepEntries: Bool = true, warmUp: FontWarmUp? = nil
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
    self.keepEntries = keepEntries
    self.warmUp = warmUp
  }

  /// Makes and records every pending sheet; a sheet that fails is reported and the rest go on.
  ///
  /// With `ahead`, a drawing thread that has no sheet left joins the print files of the
  /// classes already committed while the others finish (`PrintFilesAhead`).
  func issue(_ pending: [PendingSheet], ahead: PrintFilesAhead? = nil)
    throws(PaperDiaryError) -> Outcome
  {
    guard !pending.isEmpty else { return Outcome() }
    let chunks = Self.chunks(pending, size: groupSize)
    let line = IssueLine<Chunk>(count: chunks.count, ahead: 2 * jobs)
    if chunks.count == 1 {
      // One group, such as a teacher's sheet: drawn on this thread, whose heap is in use
      // already, rather than on a new one that would first have to fault in an arena of its own.
      // Nothing is made ahead: the commit comes after the drawing, on this same thread.
      line.workerStarted()
      render(pending, chunks: chunks, line: line, ahead: nil)
      line.workerExited()
    } else {
      for _ in 0..<min(jobs, chunks.count) {
        let thread = Thread { [self] in
          render(pending, chunks: chunks, line: line, ahead: ahead)
          line.workerExited()
        }
        // Pango and HarfBuzz recurse deeper than a secondary thread's default 512 KiB allows.
        thread.stackSize = 8 << 20
        line.workerStarted()
        thread.start()
      }
    }
    var outcome = Outcome()
    var next = 0
    // The files of the group being committed: no row names them until its commit is done.
    var committing: [URL] = []
    do throws(PaperDiaryError) {
      while next < chunks.count {
        let chunk = chunks[next]
        let results: [Result<Made, PaperDiaryError>]
        switch line.take(next) {
        case .success(let made):
          results = made.results
          if let reason = made.drawnApart {
            outcome.drawnApart += 1
            outcome.drawnApartReason = outcome.drawnApartReason ?? reason
          }
        case .failure(let error): results = chunk.map { _ in .failure(error) }
        }
        committing = results.compactMap { try? $0.get().file }
        try commit(Array(zip(pending[chunk], results)), into: &outcome)
        committing = []
        next += 1
        line.committed(upTo: next)
        let classID = pending[chunk.lowerBound].recipient.classID
        if next == chunks.count || pending[chunks[next].lowerBound].recipient.classID != classID {
          ahead?.committed(classID)
        }
        // A full or read-only disk fails every sheet after it: one line, not one per sheet.
        for case .failure(let error) in results where error.isDiskUnusable {
          throw PaperDiaryError(
            .failure,
            "\(error.description) (\(outcome.issuedCount) of \(pending.count) sheets issued; "
              + "a re-run issues the rest)")
        }
      }
    } catch {
      // Stop the threads, then take away every file this run wrote that no row names.
      line.stop()
      ahead?.close()
      line.waitForWorkers()
      for file in committing { unlink(file.path) }
      for case .success(let chunk) in line.finished(from: next) {
        for case .success(let made) in chunk.results { unlink(made.file.path) }
      }
      throw error
    }
    ahead?.close()
    line.waitForWorkers()
    return outcome
  }

  /// Print order cut into runs of at most `size` sheets of one class: the unit one thread
  /// renders into one PDF, and the group whose files are synced and rows committed together.
  static func chunks(_ pending: [PendingSheet], size: Int) -> [Range<Int>] {
    var chunks: [Range<Int>] = []
    var start = 0
    for index in pending.indices.dropFirst()
    where index - start == size
      || pending[index].recipient.classID
        != pending[start].recipient.classID
    {
      chunks.append(start..<index)
      start = index
    }
    chunks.append(start..<pending.count)
    return chunks
  }

  /// Makes one group's files durable and records their rows in one transaction.
  private func commit(
    _ group: [(PendingSheet, Result<Made, PaperDiaryError>)], into outcome: inout Outcome
  ) throws(PaperDiaryError) {
    var made: [(PendingSheet, Made)] = []
    for (sheet, result) in group {
      switch result {
      case .success(let sheetMade): made.append((sheet, sheetMade))
      case .failure(let error):
        outcome.failed.append(
          .init(
            guardian: sheet.recipient.guardian, student: sheet.recipient.student,
            error: "\(error)"))
      }
    }
    guard !made.isEmpty else { return }
    try DurableFile.syncFiles(made.map(\.1.file), in: folder.sheets)
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
      throw PaperDiaryError(error)
    }
    if keepEntries { outcome.issued += made.map(\.1.entry) }
    outcome.issuedCount += made.count
    outcome.issueIDs.formUnion(made.map(\.0.issueID))
    outcome.classes.formUnion(made.map(\.0.recipient.classID))
  }

  // MARK: - Rendering on several threads

  private struct Made: Sendable {
    let entry: WeeklyManifest.Sheet
    let file: URL
  }

  /// What one chunk came to: a result per sheet, and why its shared PDF was not used, if not.
  private struct Chunk: Sendable {
    var results: [Result<Made, PaperDiaryError>]
    var drawnApart: String?
  }

  /// One rendering thread: its own renderer and its own read of the store, taking chunks
  /// from `line` until none is left or the run stops, then print files from `ahead`.
  private func render(
    _ pending: [PendingSheet], chunks: [Range<Int>],
    line: IssueLine<Chunk>, ahead: PrintFilesAhead?
  ) {
    warmUp?.adopt()
    let renderer = DocumentRenderer(template: template)
    do {
      try store.withSheetSources { reader in
        while let index = line.claim() {
          let sheets = Array(pending[chunks[index]])
          line.finish(index, .success(make(sheets, reader: reader, renderer: renderer)))
          progress?.advance(by: sheets.count)
        }
      }
    } catch {
      line.fail(PaperDiaryError(.failure, "\(error)"))
      return
    }
    ahead?.work(renderer: renderer)
  }

  /// A sheet's figures and its document, before it is drawn.
  private struct Prepared {
    let sheet: PendingSheet
    let entry: WeeklyManifest.Sheet
    let document: PageDocument
  }

  /// Makes a chunk's sheets: drawn together into one PDF, which is then cut into one file per
  /// sheet. Should the cut not be possible, each sheet is drawn on its own.
  private func make(
    _ sheets: [PendingSheet], reader: SheetSourceReader, renderer: DocumentRenderer
  ) -> Chunk {
    var results: [Result<Made, PaperDiaryError>?] = Array(repeating: nil, count: sheets.count)
    var prepared: [(position: Int, sheet: Prepared)] = []
    for (position, sheet) in sheets.enumerated() {
      do {
        prepared.append((position, try prepare(sheet, reader: reader, layout: renderer.template)))
      } catch {
        results[position] = .failure(error)
      }
    }
    let createdAt = SchoolClock(now: now, zone: settings.zone).timestamp(now)
    var files: [(position: Int, bytes: [UInt8], pages: Int)] = []
    var drawnApart: String?
    if prepared.count > 1 {
      do {
        files = try renderTogether(
          prepared, renderer: renderer, createdAt: createdAt, failures: &results)
      } catch {
        drawnApart = "\(error)"
      }
    }
    if prepared.count <= 1 || drawnApart != nil {
      for item in prepared where results[item.position] == nil {
        do {
          let rendered = try renderer.render(
            item.sheet.document, name: item.sheet.sheet.issueID, createdAt: createdAt)
          files.append((item.position, rendered.bytes, rendered.pages))
        } catch {
          results[item.position] = .failure(
            PaperDiaryError(.failure, "sheet \(item.sheet.sheet.issueID): \(error)"))
        }
      }
    }
    let byPosition = Dictionary(uniqueKeysWithValues: prepared.map { ($0.position, $0.sheet) })
    for file in files {
      guard let item = byPosition[file.position] else { continue }
      results[file.position] = Result { () throws(PaperDiaryError) in
        try write(item, bytes: file.bytes, pages: file.pages)
      }
    }
    return Chunk(
      results: results.map { $0 ?? .failure(PaperDiaryError(.failure, "a sheet was not made")) },
      drawnApart: drawnApart)
  }

  /// Draws the sheets into one PDF and cuts it into one PDF per sheet; a sheet that cannot be
  /// laid out is left out and its failure noted. Throws when the PDF cannot be cut (the caller
  /// then draws the sheets one by one).
  private func renderTogether(
    _ prepared: [(position: Int, sheet: Prepared)], renderer: DocumentRenderer,
    createdAt: String, failures: inout [Result<Made, PaperDiaryError>?]
  ) throws -> [(position: Int, bytes: [UInt8], pages: Int)] {
    let batch = try renderer.render(
      prepared.map(\.sheet.document), name: prepared[0].sheet.sheet.issueID,
      createdAt: createdAt)
    var drawn: [(position: Int, pages: Int)] = []
    var failed: [(position: Int, error: PaperDiaryError)] = []
    for (item, outcome) in zip(prepared, batch.documents) {
      switch outcome {
      case .success(let pages): drawn.append((item.position, pages))
      case .failure(let error):
        failed.append(
          (item.position, PaperDiaryError(.failure, "sheet \(item.sheet.sheet.issueID): \(error)")))
      }
    }
    let parts = try PDFSplit.split(batch.bytes, pageCounts: drawn.map(\.pages))
    for (position, error) in failed { failures[position] = .failure(error) }
    return zip(drawn, parts).map { ($0.position, $1, $0.pages) }
  }

  /// Reads a sheet's data and lays it out.
  private func prepare(_ sheet: PendingSheet, reader: SheetSourceReader, layout: Template)
    throws(PaperDiaryError) -> Prepared
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
      var entry = WeeklyManifest.Sheet(
        recipient: recipient, period: source.period?.id, subjects: forecasts)
      entry.issueID = sheet.issueID
      entry.kind = sheet.kind.rawValue
      entry.replaces = sheet.replaces
      return Prepared(
        sheet: sheet, entry: entry, document: WeeklySheetLayout(template: layout).document(content))
    } catch {
      throw PaperDiaryError(.failure, "sheet \(sheet.issueID): \(error)")
    }
  }

  /// Writes a sheet's PDF under its final name (synced later with its group).
  private func write(_ item: Prepared, bytes: [UInt8], pages: Int) throws(PaperDiaryError) -> Made {
    let file = folder.sheet(item.sheet.issueID)
    try DurableFile.writeUnsynced(bytes, to: file)
    var entry = item.entry
    entry.file = folder.relative(file)
    entry.sha256 = DurableFile.sha256(bytes)
    entry.pages = pages
    return Made(entry: entry, file: file)
  }
}

/// The work of one run between the rendering threads and the committing thread: threads
/// claim items (chunks of sheets) in order and may run at most `ahead` items past the last
/// commit, and each item leaves the line when it is committed, so memory and the work a
/// failure throws away stay bounded.
private final class IssueLine<Value: Sendable>: @unchecked Sendable {
  // @unchecked: every access goes through `condition`.
  private let condition = NSCondition()
  private let count: Int
  private let ahead: Int
  private var next = 0
  private var committed = 0
  private var results: [Result<Value, PaperDiaryError>?]
  private var running = 0
  private var stopped = false
  /// Why a thread could not render at all; the sheets nobody made fail with it.
  private var failure: PaperDiaryError?

  init(count: Int, ahead: Int) {
    self.count = count
    self.ahead = max(1, ahead)
    results = Array(repeating: nil, count: count)
  }

  /// The next sheet to make, or nil when there is none or the run stopped.
  func claim() -> Int? {
    condition.lock()
    defer { condition.unlock() }
    while !stopped, next < count, next >= committed + ahead { condition.wait() }
    guard !stopped, next < count else { return nil }
    next += 1
    return next - 1
  }

  func finish(_ index: Int, _ result: Result<Value, PaperDiaryError>) {
    condition.lock()
    results[index] = result
    condition.broadcast()
    condition.unlock()
  }

  /// A thread that cannot read the store: what it would have made fails with its reason.
  func fail(_ error: PaperDiaryError) {
    condition.lock()
    if failure == nil { failure = error }
    condition.broadcast()
    condition.unlock()
  }

  func workerStarted() {
    condition.lock()
    running += 1
    condition.unlock()
  }

  func workerExited() {
    condition.lock()
    running -= 1
    condition.broadcast()
    condition.unlock()
  }

  /// Waits until item `index` is made, or no thread is left to make it, and hands it over:
  /// the line keeps nothing of what it handed over.
  func take(_ index: Int) -> Result<Value, PaperDiaryError> {
    condition.lock()
    defer { condition.unlock() }
    while running > 0, results[index] == nil { condition.wait() }
    let result =
      results[index] ?? .failure(failure ?? PaperDiaryError(.failure, "a sheet was not made"))
    results[index] = nil
    return result
  }

  func committed(upTo index: Int) {
    condition.lock()
    committed = index
    condition.broadcast()
    condition.unlock()
  }

  func stop() {
    condition.lock()
    stopped = true
    condition.broadcast()
    condition.unlock()
  }

  func waitForWorkers() {
    condition.lock()
    while running > 0 { condition.wait() }
    condition.unlock()
  }

  /// What was made from `index` on: the sheets of groups not yet committed.
  func finished(from index: Int) -> [Result<Value, PaperDiaryError>] {
    condition.lock()
    defer { condition.unlock() }
    return results[index...].compactMap { $0 }
  }
}
