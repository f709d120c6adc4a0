import DiaryRules
import Foundation
import GradeStore
import SheetRendering

/// Rebuilds what a week's ledger implies (§5, R4, R10): per class the print file (the latest
/// sheet of each pair in print order, each padded to an even page count unless `simplex`) and
/// the delivery register, and `manifest.json` for the whole week. Nothing is recomputed: the
/// sheets' PDFs are joined (`PDFJoin`) and the manifest entries come from the ledger rows.
struct WeekAssembly {
  let store: GradeStore
  let settings: SchoolSettings
  let template: Template
  let context: SheetContext
  let week: SchoolWeek
  let folder: WeekFolder
  let simplex: Bool
  /// The run's "now" (`--now`), which registers carry as their creation date.
  let now: Date

  /// One class's current sheets in print order.
  struct ClassSheets {
    let classID: ClassID
    let number: Int
    let sheets: [(recipient: Recipient, document: IssuedDocument)]
  }

  /// The week's current issues grouped by class, classes and sheets in print order.
  func classes() throws(PaperDiaryError) -> [ClassSheets] {
    let current = try PaperDiaryError.wrap { () throws(StoreError) in
      try store.currentIssues(week: week, entries: false)
    }
    var pairs: [(recipient: Recipient, document: IssuedDocument)] = []
    for document in current {
      guard
        let recipient = context.recipient(
          guardian: document.guardian, student: document.student, classID: document.classID)
      else { continue }
      pairs.append((recipient, document))
    }
    pairs = PrintOrder.sorted(pairs, by: \.recipient)
    var order: [ClassID] = []
    var byClass: [ClassID: [(recipient: Recipient, document: IssuedDocument)]] = [:]
    for pair in pairs {
      if byClass[pair.recipient.classID] == nil { order.append(pair.recipient.classID) }
      byClass[pair.recipient.classID, default: []].append(pair)
    }
    let numbers = try PaperDiaryError.wrap { () throws(StoreError) in
      try store.classFileNumbers(for: order)
    }
    return order.map {
      ClassSheets(classID: $0, number: numbers[$0] ?? 0, sheets: byClass[$0] ?? [])
    }
  }

  /// Rebuilds the print file and register of each class in `only` (every class when nil)
  /// whose files no longer hold the class's current issues: missing, left half-done by a
  /// killed run, or older than a sheet issued since. Returns the classes rebuilt.
  ///
  /// The classes are shared among `jobs` threads. Every file is written first, then they are
  /// made durable together (`DurableFile.syncFiles`), and only then are their digests recorded, in
  /// one transaction: a digest never vouches for a file a power cut could still take.
  @discardableResult
  func rebuildClassFiles(_ classes: [ClassSheets], only: Set<ClassID>?, jobs: Int = 1)
    throws(PaperDiaryError) -> Set<ClassID>
  {
    let built = try PaperDiaryError.wrap { () throws(StoreError) in
      try store.classFileDigests(week: week)
    }
    var stale: [(group: ClassSheets, digest: String)] = []
    for group in classes where only?.contains(group.classID) ?? true {
      let digest = self.digest(group)
      let present =
        FileManager.default.fileExists(atPath: folder.printFile(classNumber: group.number).path)
        && FileManager.default.fileExists(
          atPath: folder.registerFile(classNumber: group.number).path)
      if built[group.classID] != digest || !present { stale.append((group, digest)) }
    }
    guard !stale.isEmpty else { return [] }
    let groups = stale.map(\.group)
    let stripes = min(max(1, jobs), groups.count)
    let failures = FailureSlot()
    DispatchQueue.concurrentPerform(iterations: stripes) { stripe in
      let groups = stride(from: stripe, to: groups.count, by: stripes).map { groups[$0] }
      do {
        try writeClassFiles(groups)
      } catch {
        failures.record(error as? PaperDiaryError ?? PaperDiaryError(.failure, "\(error)"))
      }
    }
    if let failure = failures.first { throw failure }
    try DurableFile.syncFiles(
      groups.map { folder.printFile(classNumber: $0.number) }, in: folder.print)
    try DurableFile.syncFiles(
      groups.map { folder.registerFile(classNumber: $0.number) }, in: folder.register)
    try PaperDiaryError.wrap { () throws(StoreError) in
      try store.recordClassFileDigests(
        week: week, stale.map { (classID: $0.group.classID, digest: $0.digest) })
    }
    return Set(stale.map(\.group.classID))
  }

  /// Writes (unsynced) the print files and registers of `groups`: the registers drawn together
  /// into one PDF and cut per class, the print files joined from the sheets' files.
  private func writeClassFiles(_ groups: [ClassSheets]) throws(PaperDiaryError) {
    let renderer = DocumentRenderer(template: template)
    let blank =
      !simplex && groups.contains { $0.sheets.contains { ($0.document.pages ?? 1) % 2 == 1 } }
      ? try Self.blankPage(renderer) : nil
    for group in groups {
      let target = folder.printFile(classNumber: group.number)
      try DurableFile.replaceUnsynced(
        try joinedSheets(group, target: target, blank: blank), at: target)
    }
    let registers = try self.registers(groups, renderer: renderer)
    for (group, bytes) in zip(groups, registers) {
      try DurableFile.replaceUnsynced(bytes, at: folder.registerFile(classNumber: group.number))
    }
  }

  /// What a class's files are made of: its current issues in order, their files' hashes, and
  /// whether sheets are padded.
  private func digest(_ group: ClassSheets) -> String {
    var text = simplex ? "simplex\n" : "duplex\n"
    for pair in group.sheets {
      text += pair.document.issueID + " " + pair.document.sha256 + " " + pair.document.file + "\n"
    }
    return DurableFile.sha256(Array(text.utf8))
  }

  /// The pages a class's print file has: each sheet, padded to even unless simplex.
  func printPages(_ group: ClassSheets) -> Int {
    group.sheets.reduce(0) { total, pair in
      let pages = pair.document.pages ?? 1
      return total + pages + (simplex || pages % 2 == 0 ? 0 : 1)
    }
  }

  /// `manifest.json` from the ledger: every current issue in print order, the class files,
  /// the runs. The entries are streamed from the ledger into the file one by one, so a week of
  /// any size is written in the same memory.
  func writeManifest(_ classes: [ClassSheets]) throws(PaperDiaryError) {
    let runs = try PaperDiaryError.wrap { () throws(StoreError) in try store.runs(week: week) }
    let clock = SchoolClock(now: now, zone: settings.zone)
    // The whole manifest but its sheets, which stand in as a marker split off below.
    let marker = "\u{1}sheets\u{1}"
    let manifest = JSONValue.object([
      ("week", .string(week.description)), ("week_start", .string(week.monday.iso)),
      ("week_end", .string(week.sunday.iso)), ("as_of", .string(runs.last?.asOf.iso)),
      ("sheets", .raw(marker)), ("skipped", .array([])), ("failed", .array([])),
      (
        "print_files",
        .array(
          classes.map {
            WeeklyManifest.ClassFile(
              classID: $0.classID, file: folder.relative(folder.printFile(classNumber: $0.number)),
              pages: printPages($0)
            ).json
          })
      ),
      (
        "register_files",
        .array(
          classes.map {
            WeeklyManifest.ClassFile(
              classID: $0.classID,
              file: folder.relative(folder.registerFile(classNumber: $0.number)), pages: nil
            ).json
          })
      ),
      (
        "runs",
        .array(
          runs.map {
            .object([
              ("started_at", .string(clock.timestamp($0.startedAt))),
              ("operator", .string($0.operatorName)), ("as_of", .string($0.asOf.iso)),
              ("issued", .int($0.issued)), ("skipped", .int($0.skipped)),
              ("failed", .int($0.failed)),
            ])
          })
      ),
    ]).rendered()
    guard let split = manifest.range(of: marker) else {
      throw PaperDiaryError(.failure, "manifest.json: the sheets have no place")
    }
    let issueIDs = classes.flatMap(\.sheets).map(\.document.issueID)
    let file = try DurableFile.Writer(folder.manifest)
    try file.append(String(manifest[..<split.lowerBound]))
    if issueIDs.isEmpty {
      try file.append("[]")
    } else {
      // As `JSONValue` lays out an array two levels deep: one entry a line.
      try file.append("[\n")
      var written = 0
      try PaperDiaryError.wrap { () throws(StoreError) in
        try store.manifestEntries(issueIDs) { entry in
          written += 1
          try file.append("    " + (entry ?? "null") + (written < issueIDs.count ? ",\n" : "\n"))
        }
      }
      try file.append("  ]")
    }
    try file.append(String(manifest[split.upperBound...]) + "\n")
    try file.commit()
    try DurableFile.syncFolder(folder.root)
  }

  // MARK: - Files

  /// A class's print file: its sheets in print order, padded unless simplex.
  private func joinedSheets(_ group: ClassSheets, target: URL, blank: [UInt8]?)
    throws(PaperDiaryError) -> [UInt8]
  {
    for pair in group.sheets {
      guard FileManager.default.fileExists(atPath: pair.document.file) else {
        throw PaperDiaryError(
          .failure,
          "\(pair.document.issueID): the ledger's file \(pair.document.file) is missing, so "
            + "\(target.lastPathComponent) cannot be rebuilt; restore it from a backup or make "
            + "a replacement with `paperdiary sheet --reason` (`paperdiary verify` lists every "
            + "missing file)")
      }
    }
    return try Self.join(
      group.sheets.map { ($0.document.file, $0.document.pages ?? 1) }, padding: blank,
      scratch: target.path)
  }

  /// The classes' delivery registers, one PDF each, drawn together and cut apart (each drawn
  /// on its own should the cut not be possible).
  private func registers(_ groups: [ClassSheets], renderer: DocumentRenderer)
    throws(PaperDiaryError) -> [[UInt8]]
  {
    let createdAt = SchoolClock(now: now, zone: settings.zone).timestamp(now)
    let documents = groups.map { DeliveryRegisterLayout(template: template).document(register($0)) }
    do {
      if documents.count > 1 {
        let batch = try renderer.render(documents, name: "registers", createdAt: createdAt)
        let pages = try batch.documents.map { try $0.get() }
        if let parts = try? PDFSplit.split(batch.bytes, pageCounts: pages) { return parts }
      }
      return try zip(groups, documents).map { group, document in
        try renderer.render(
          document, name: folder.registerFile(classNumber: group.number).path,
          createdAt: createdAt
        ).bytes
      }
    } catch {
      throw PaperDiaryError(.failure, "registers: \(error)")
    }
  }

  private func register(_ group: ClassSheets) -> DeliveryRegister {
    let info = context.classes[group.classID]
    return DeliveryRegister(
      school: settings.name, className: info?.name ?? group.classID.rawValue,
      homeroomTeacher: info?.homeroomTeacher ?? "", week: week,
      rows: group.sheets.map {
        .init(
          student: $0.recipient.studentName, guardian: $0.recipient.guardianName,
          issueID: $0.document.issueID, replaces: $0.document.replaces,
          delivery: $0.recipient.delivery)
      })
  }

  /// An empty A4 page: the padding that keeps two families off one leaf in duplex.
  static func blankPage(_ renderer: DocumentRenderer) throws(PaperDiaryError) -> [UInt8] {
    do {
      return try renderer.render(
        PageDocument(flow: [], pageLabel: { _, _ in "" }, pageLabelStyle: TextStyle(size: 7)),
        name: "blank page"
      ).bytes
    } catch {
      throw PaperDiaryError(.failure, "blank page: \(error)")
    }
  }

  /// Sheets joined into one PDF, each sheet with an odd page count followed by the `padding`
  /// page when one is given (duplex: no leaf holds two families).
  ///
  /// Our own PDFs are joined in memory (`PDFJoin`); should one not be understood, qpdf joins
  /// them instead, through `<scratch>.qpdf.tmp` files that a killed run leaves as leftovers.
  static func join(
    _ sheets: [(file: String, pages: Int)], padding: [UInt8]?, scratch: String
  ) throws(PaperDiaryError) -> [UInt8] {
    var documents: [[UInt8]] = []
    for sheet in sheets {
      documents.append(try read(sheet.file))
      if let padding, sheet.pages % 2 == 1 { documents.append(padding) }
    }
    do {
      return try PDFJoin.join(documents)
    } catch {
      return try joinWithQPDF(sheets, padding: padding, scratch: scratch)
    }
  }

  private static func joinWithQPDF(
    _ sheets: [(file: String, pages: Int)], padding: [UInt8]?, scratch: String
  ) throws(PaperDiaryError) -> [UInt8] {
    let joined = scratch + ".qpdf.tmp"
    let blank = scratch + ".blank.tmp"
    defer {
      unlink(joined)
      unlink(blank)
    }
    var inputs: [String] = []
    if let padding { try DurableFile.writeUnsynced(padding, to: URL(fileURLWithPath: blank)) }
    for sheet in sheets {
      inputs.append(sheet.file)
      if padding != nil, sheet.pages % 2 == 1 { inputs.append(blank) }
    }
    try qpdf(["--empty", "--pages"] + inputs + ["--", joined])
    return try read(joined)
  }

  private static func read(_ path: String) throws(PaperDiaryError) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw PaperDiaryError(.failure, "\(path): cannot read the file")
    }
    return [UInt8](data)
  }

  /// Runs qpdf; its warnings (exit 3) are not failures, its errors are.
  static func qpdf(_ arguments: [String]) throws(PaperDiaryError) {
    let tool = ExternalTool(name: "qpdf", environment: ProcessInfo.processInfo.environment)
    let output: ToolOutput
    do {
      output = try tool.run(arguments)
    } catch {
      throw PaperDiaryError(
        .failure, "qpdf cannot run (install it with `apt-get install qpdf`): \(error)")
    }
    guard output.status == 0 || output.status == 3 else {
      throw PaperDiaryError(
        .failure, "qpdf failed joining the print file: \(output.stderr.prefix(300))")
    }
  }
}

/// The first error of several threads.
private final class FailureSlot: @unchecked Sendable {
  // @unchecked: every access goes through `lock`.
  private let lock = NSLock()
  private var error: PaperDiaryError?

  func record(_ error: PaperDiaryError) {
    lock.lock()
    if self.error == nil { self.error = error }
    lock.unlock()
  }

  var first: PaperDiaryError? {
    lock.lock()
    defer { lock.unlock() }
    return error
  }
}

extension PaperDiaryError {
  /// Runs `body`, turning a store error into the command's error.
  static func wrap<T>(_ body: () throws(StoreError) -> T) throws(PaperDiaryError) -> T {
    do { return try body() } catch { throw PaperDiaryError(error) }
  }
}
