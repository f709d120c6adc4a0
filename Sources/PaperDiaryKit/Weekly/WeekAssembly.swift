import DiaryRules
import Foundation
import GradeStore
import SheetRendering

/// Rebuilds what a week's ledger implies (§5, R4, R10): per class the print file (the latest
/// sheet of each pair in print order, each padded to an even page count unless `simplex`) and
/// the delivery register, and `manifest.json` for the whole week. Nothing is recomputed: the
/// sheets' PDFs are joined with qpdf and the manifest entries come from the ledger rows.
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
      try store.currentIssues(week: week)
    }
    var pairs: [(recipient: Recipient, document: IssuedDocument)] = []
    for document in current {
      guard
        let recipient = context.recipient(
          guardian: document.guardian, student: document.student, classID: document.classID)
      else { continue }
      pairs.append((recipient, document))
    }
    pairs.sort { PrintOrder.precedes($0.recipient, $1.recipient) }
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
  @discardableResult
  func rebuildClassFiles(_ classes: [ClassSheets], only: Set<ClassID>?) throws(PaperDiaryError)
    -> Set<ClassID>
  {
    let built = try PaperDiaryError.wrap { () throws(StoreError) in
      try store.classFileDigests(week: week)
    }
    let renderer = DocumentRenderer(template: template)
    var blank: URL?
    defer { if let blank { unlink(blank.path) } }
    var rebuilt: Set<ClassID> = []
    for group in classes where only?.contains(group.classID) ?? true {
      let digest = self.digest(group)
      let present =
        FileManager.default.fileExists(atPath: folder.printFile(classNumber: group.number).path)
        && FileManager.default.fileExists(
          atPath: folder.registerFile(classNumber: group.number).path)
      if built[group.classID] == digest, present { continue }
      if !simplex, blank == nil, group.sheets.contains(where: { ($0.document.pages ?? 1) % 2 == 1 })
      {
        blank = try blankPage(renderer)
      }
      try joinSheets(group, into: folder.printFile(classNumber: group.number), blank: blank)
      try writeRegister(group, renderer: renderer)
      try DurableFile.syncFolder(folder.print)
      try DurableFile.syncFolder(folder.register)
      try PaperDiaryError.wrap { () throws(StoreError) in
        try store.recordClassFileDigest(week: week, classID: group.classID, digest: digest)
      }
      rebuilt.insert(group.classID)
    }
    return rebuilt
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
  /// the runs.
  func writeManifest(_ classes: [ClassSheets]) throws(PaperDiaryError) {
    let runs = try PaperDiaryError.wrap { () throws(StoreError) in try store.runs(week: week) }
    let clock = SchoolClock(now: now, zone: settings.zone)
    let sheets = classes.flatMap(\.sheets).map { JSONValue.raw($0.document.entry ?? "null") }
    let manifest = JSONValue.object([
      ("week", .string(week.description)), ("week_start", .string(week.monday.iso)),
      ("week_end", .string(week.sunday.iso)), ("as_of", .string(runs.last?.asOf.iso)),
      ("sheets", .array(sheets)), ("skipped", .array([])), ("failed", .array([])),
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
    ])
    try DurableFile.write(Array((manifest.rendered() + "\n").utf8), to: folder.manifest)
    try DurableFile.syncFolder(folder.root)
  }

  // MARK: - Files

  private func joinSheets(_ group: ClassSheets, into target: URL, blank: URL?)
    throws(PaperDiaryError)
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
    let joined = target.path + ".qpdf.tmp"
    defer { unlink(joined) }
    try Self.join(
      group.sheets.map { ($0.document.file, $0.document.pages ?? 1) }, padding: blank,
      into: joined)
    let bytes: Data
    do {
      bytes = try Data(contentsOf: URL(fileURLWithPath: joined))
    } catch {
      throw PaperDiaryError(.failure, "\(joined): cannot read what qpdf wrote: \(error)")
    }
    try DurableFile.write(bytes, to: target)
  }

  private func writeRegister(_ group: ClassSheets, renderer: DocumentRenderer)
    throws(PaperDiaryError)
  {
    let info = context.classes[group.classID]
    let register = DeliveryRegister(
      school: settings.name, className: info?.name ?? group.classID.rawValue,
      homeroomTeacher: info?.homeroomTeacher ?? "", week: week,
      rows: group.sheets.map {
        .init(
          student: $0.recipient.studentName, guardian: $0.recipient.guardianName,
          issueID: $0.document.issueID, replaces: $0.document.replaces,
          delivery: $0.recipient.delivery)
      })
    let target = folder.registerFile(classNumber: group.number)
    do {
      let rendered = try renderer.render(
        DeliveryRegisterLayout(template: template).document(register), name: target.path,
        createdAt: SchoolClock(now: now, zone: settings.zone).timestamp(now))
      try DurableFile.write(rendered.bytes, to: target)
    } catch let error as PaperDiaryError {
      throw error
    } catch {
      throw PaperDiaryError(.failure, "\(target.path): \(error)")
    }
  }

  private func blankPage(_ renderer: DocumentRenderer) throws(PaperDiaryError) -> URL {
    let url = folder.print.appendingPathComponent("blank-page.tmp")
    try Self.writeBlankPage(to: url, renderer: renderer)
    return url
  }

  /// An empty A4 page: the padding that keeps two families off one leaf in duplex.
  static func writeBlankPage(to url: URL, renderer: DocumentRenderer) throws(PaperDiaryError) {
    do {
      let rendered = try renderer.render(
        PageDocument(flow: [], pageLabel: { _, _ in "" }, pageLabelStyle: TextStyle(size: 7)),
        name: "blank page")
      try DurableFile.write(rendered.bytes, to: url)
    } catch let error as PaperDiaryError {
      throw error
    } catch {
      throw PaperDiaryError(.failure, "blank page: \(error)")
    }
  }

  /// Joins sheets into one PDF at `path`, each sheet with an odd page count followed by the
  /// `padding` page when one is given (duplex: no leaf holds two families).
  static func join(
    _ sheets: [(file: String, pages: Int)], padding: URL?, into path: String
  ) throws(PaperDiaryError) {
    var inputs: [String] = []
    for sheet in sheets {
      inputs.append(sheet.file)
      if let padding, sheet.pages % 2 == 1 { inputs.append(padding.path) }
    }
    try qpdf(["--empty", "--pages"] + inputs + ["--", path])
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

extension PaperDiaryError {
  /// Runs `body`, turning a store error into the command's error.
  static func wrap<T>(_ body: () throws(StoreError) -> T) throws(PaperDiaryError) -> T {
    do { return try body() } catch { throw PaperDiaryError(error) }
  }
}
