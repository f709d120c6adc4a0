import DiaryRules
import Foundation
import GradeStore
import SheetRendering

/// Rebuilds what a week's ledger implies (§5, R4, R10): per class the print file (the latest
/// sheet of each pair in print order, each padded to an even page count unless `simplex`) and
/// the delivery register, and `manifest.json` for the whole week. Nothing is recomputed: the
/// sheets' PDFs are joined (`PDFJoin`) and the manifest entries come from the ledger rows.
///
/// The week is read one class at a time, so a week of any size is assembled in the memory of
/// its largest class, and a teacher's single sheet reads only its own class's sheets.
struct WeekAssembly {
  let store: GradeStore
  let settings: SchoolSettings
  let template: Template
  let week: SchoolWeek
  let folder: WeekFolder
  let simplex: Bool
  /// The run's "now" (`--now`), which registers carry as their creation date.
  let now: Date
  /// Where a sentence for whoever runs the batch goes (stderr in the CLI): registers drawn one
  /// by one because their shared PDF could not be cut.
  var say: @Sendable (String) -> Void = { _ in }
  /// Registers drawn into one PDF before it is cut: enough to share fonts and logo, few
  /// enough that the PDF's size does not grow with the school.
  var registersPerPDF = 16

  /// A class with current issues, and the number of its files.
  struct ClassFiles {
    let info: WeekClass
    let number: Int
    var classID: ClassID { info.classID }
  }

  /// One class's current sheets in print order.
  struct ClassSheets {
    let files: ClassFiles
    let sheets: [ClassIssue]
    var classID: ClassID { files.classID }
    var number: Int { files.number }
  }

  /// The week's classes with current issues, in print order (by grade, name, id).
  func classes() throws(PaperDiaryError) -> [ClassFiles] {
    let classes = try PaperDiaryError.wrap { () throws(StoreError) in
      try store.weekClasses(week: week)
    }.sorted {
      PrintOrder.classPrecedes(
        (grade: $0.grade, name: $0.name, id: $0.classID),
        (grade: $1.grade, name: $1.name, id: $1.classID))
    }
    let numbers = try PaperDiaryError.wrap { () throws(StoreError) in
      try store.classFileNumbers(for: classes.map(\.classID))
    }
    return classes.map { ClassFiles(info: $0, number: numbers[$0.classID] ?? 0) }
  }

  /// A class's current sheets, read from the store and put in print order.
  func sheets(of files: ClassFiles) throws(PaperDiaryError) -> ClassSheets {
    ClassSheets(files: files, sheets: try currentIssues(of: files.classID))
  }

  /// The current issues of a class in print order.
  func currentIssues(of classID: ClassID) throws(PaperDiaryError) -> [ClassIssue] {
    let issues = try PaperDiaryError.wrap { () throws(StoreError) in
      try store.classIssues(week: week, classID: classID)
    }
    return PrintOrder.sorted(issues, by: \.recipient)
  }

  /// A class's print file as the manifest lists it: its pages are each sheet's, padded to
  /// even unless simplex.
  func printFile(_ files: ClassFiles) -> WeeklyManifest.ClassFile {
    WeeklyManifest.ClassFile(
      classID: files.classID, file: WeekFolder.printPath(classNumber: files.number),
      pages: files.info.pages + (simplex ? 0 : files.info.oddSheets))
  }

  /// A class's delivery register as the manifest lists it.
  func registerFile(_ files: ClassFiles) -> WeeklyManifest.ClassFile {
    WeeklyManifest.ClassFile(
      classID: files.classID, file: WeekFolder.registerPath(classNumber: files.number),
      pages: nil)
  }

  /// Rebuilds the print file and register of each class in `only` (every class when nil)
  /// whose files no longer hold the class's current issues: missing, left half-done by a
  /// killed run, or older than a sheet issued since. Returns the classes rebuilt.
  ///
  /// `madeAhead` holds the classes whose print file this run wrote while its last sheets were
  /// still being drawn (`PrintFilesAhead`), each with the digest of the sheets it was made
  /// from. Where those are still the class's sheets, only the register is drawn here; the print
  /// file is synced and recorded with the rest.
  ///
  /// The classes are shared among `jobs` threads, each taking the next class not yet taken, so
  /// no thread idles while another has several left. `alongside` (the manifest, which comes
  /// from the ledger and not from these files) is the last thread's before it takes classes:
  /// with one job it runs first, with more the other threads take classes meanwhile. Every
  /// file is written first, then they are made durable together (`DurableFile.syncFiles`),
  /// and only then are their digests recorded, in one transaction: a digest never vouches for
  /// a file a power cut could still take.
  @discardableResult
  func rebuildClassFiles(
    _ classes: [ClassFiles], only: Set<ClassID>?, jobs: Int = 1,
    madeAhead: [ClassID: String] = [:], alongside: (@Sendable () throws -> Void)? = nil
  ) throws(PaperDiaryError) -> Set<ClassID> {
    let built = try PaperDiaryError.wrap { () throws(StoreError) in
      try store.classFileDigests(week: week)
    }
    let wanted = classes.filter { only?.contains($0.classID) ?? true }
    let threads = max(1, min(jobs, wanted.count + (alongside == nil ? 0 : 1)))
    let line = ClassLine(wanted, threads: threads, registersPerPDF: registersPerPDF)
    let stale = try Concurrently.map(threads) { thread in
      // The last: the calling thread starts on the first, and in `sheet` it holds the fonts
      // its sheet warmed, which the class's register is then drawn with.
      if thread == threads - 1, let alongside { try alongside() }
      return try rebuildStale(line, built: built, madeAhead: madeAhead)
    }.flatMap { $0 }
    guard !stale.isEmpty else { return [] }
    try DurableFile.syncFiles(
      stale.map { folder.printFile(classNumber: $0.number) }, in: folder.print)
    try DurableFile.syncFiles(
      stale.map { folder.registerFile(classNumber: $0.number) }, in: folder.register)
    try PaperDiaryError.wrap { () throws(StoreError) in
      try store.recordClassFileDigests(week: week, stale.map { ($0.classID, $0.digest) })
    }
    return Set(stale.map(\.classID))
  }

  /// The classes to rebuild, handed out one at a time to whichever thread asks first, and the
  /// classes whose print file is written and whose register is still to be drawn. Registers
  /// are drawn `registersPerPDF` to a PDF; once no class is left, the last of them are shared
  /// out among the threads instead of staying with the thread that happened to join them.
  private final class ClassLine: @unchecked Sendable {
    // @unchecked: `next` and `registers` are read and changed under `lock` only.
    enum Work {
      case classFiles(ClassFiles)
      case registers([ClassSheets])
    }

    private let lock = NSLock()
    private let classes: [ClassFiles]
    private let threads: Int
    private let perPDF: Int
    private var next = 0
    private var registers: [ClassSheets] = []

    init(_ classes: [ClassFiles], threads: Int, registersPerPDF: Int) {
      self.classes = classes
      self.threads = max(1, threads)
      perPDF = max(1, registersPerPDF)
    }

    func take() -> Work? {
      lock.withLock {
        if registers.count >= perPDF { return .registers(takeRegisters(perPDF)) }
        if next < classes.count {
          next += 1
          return .classFiles(classes[next - 1])
        }
        guard !registers.isEmpty else { return nil }
        return .registers(takeRegisters(min(perPDF, (registers.count + threads - 1) / threads)))
      }
    }

    /// A class whose print file is written: its register is drawn by the next thread to ask.
    func drawRegister(of group: ClassSheets) {
      lock.withLock { registers.append(group) }
    }

    private func takeRegisters(_ count: Int) -> [ClassSheets] {
      defer { registers.removeFirst(count) }
      return Array(registers.prefix(count))
    }
  }

  /// A class whose files were written again, and the digest they were written for.
  private struct Rebuilt: Sendable {
    let classID: ClassID
    let number: Int
    let digest: String
  }

  /// Takes work from `line` until none is left: a class, whose print file it writes (unsynced)
  /// when its digest does not match `built` or a file is missing, unless it was `madeAhead`,
  /// and whose register it leaves in the line; or registers, which it draws into one PDF, cuts
  /// and writes (unsynced).
  private func rebuildStale(
    _ line: ClassLine, built: [ClassID: String], madeAhead: [ClassID: String]
  ) throws(PaperDiaryError) -> [Rebuilt] {
    let renderer = DocumentRenderer(template: template)
    var blank = BlankPage()
    var rebuilt: [Rebuilt] = []
    while let work = line.take() {
      switch work {
      case .registers(let groups):
        for (group, bytes) in zip(groups, try registers(groups, renderer: renderer)) {
          try DurableFile.replaceUnsynced(
            bytes, at: folder.registerFile(classNumber: group.number))
        }
      case .classFiles(let files):
        let group = try sheets(of: files)
        let digest = self.digest(group.sheets)
        let printFile = folder.printFile(classNumber: files.number)
        let printed = FileManager.default.fileExists(atPath: printFile.path)
        if madeAhead[files.classID] != digest || !printed {
          let present =
            printed
            && FileManager.default.fileExists(
              atPath: folder.registerFile(classNumber: files.number).path)
          guard built[files.classID] != digest || !present else { continue }
          try writePrintFile(group.sheets, number: files.number, renderer: renderer, blank: &blank)
        }
        line.drawRegister(of: group)
        rebuilt.append(Rebuilt(classID: files.classID, number: files.number, digest: digest))
      }
    }
    return rebuilt
  }

  /// The page that pads a sheet with an odd page count: drawn once by a thread, when a sheet
  /// first needs it.
  struct BlankPage {
    private var drawn: [UInt8]?

    mutating func bytes(_ renderer: DocumentRenderer) throws(PaperDiaryError) -> [UInt8] {
      if let drawn { return drawn }
      let page = try WeekAssembly.blankPage(renderer)
      drawn = page
      return page
    }
  }

  /// Writes a class's print file (unsynced): its current issues in print order, each with an
  /// odd page count padded unless simplex.
  func writePrintFile(
    _ sheets: [ClassIssue], number: Int, renderer: DocumentRenderer, blank: inout BlankPage
  ) throws(PaperDiaryError) {
    let padding =
      !simplex && sheets.contains(where: { $0.pages % 2 == 1 }) ? try blank.bytes(renderer) : nil
    let target = folder.printFile(classNumber: number)
    try DurableFile.replaceUnsynced(
      try joinedSheets(sheets, target: target, blank: padding), at: target)
  }

  /// What a class's files are made of: its current issues in order, their files' hashes, and
  /// whether sheets are padded.
  func digest(_ sheets: [ClassIssue]) -> String {
    var text = simplex ? "simplex\n" : "duplex\n"
    for sheet in sheets {
      text += sheet.issueID + " " + sheet.sha256 + " " + sheet.file + "\n"
    }
    return DurableFile.sha256(Array(text.utf8))
  }

  /// `manifest.json` from the ledger: every current issue in print order, the class files,
  /// the runs. The entries are streamed from the ledger into the file, so the file is never
  /// held whole; what it was written from, and where each class's entries lie in it, is
  /// recorded for `updateManifest`.
  func writeManifest(_ classes: [ClassFiles]) throws(PaperDiaryError) {
    let state = try PaperDiaryError.wrap { () throws(StoreError) in try store.weekState(week) }
    let frame = try manifestFrame(classes)
    let file = try DurableFile.Writer(folder.manifest)
    try file.append(frame.head)
    var lines = EntryLines(file: file)
    var sections: [ClassID: Range<Int64>] = [:]
    // Class by class, so that the week is never held whole: only its largest class.
    for files in classes {
      let issueIDs = try sheets(of: files).sheets.map(\.issueID)
      sections[files.classID] = try lines.add(entriesOf: issueIDs, from: store)
    }
    try lines.close()
    try file.append(frame.tail)
    try commit(file, state: state, sheets: lines.written, classes: sections, durably: true)
  }

  /// `manifest.json` after a teacher's sheet that changed the entries of `changed` alone: its
  /// entries are put in place of those it had and the rest is copied from the file by the
  /// kernel — when the file is the one recorded as written from `before`, the week as it stood
  /// when this run began. Otherwise (a run died before its manifest, an import renamed someone
  /// since, the file was touched, a pair moved to another class) it is written whole. Returns
  /// whether it was patched.
  ///
  /// A patched manifest is not synced: like every manifest it is the ledger's view, and the
  /// store notes the boot it was written in, so that after a restart (a power cut may have
  /// taken its data) it is written whole. Waiting for the disk to take a whole week's manifest
  /// would be most of a teacher's wait.
  @discardableResult
  func updateManifest(
    _ classes: [ClassFiles], changed: Set<ClassID>, before: WeekState
  ) throws(PaperDiaryError) -> Bool {
    let mark = try PaperDiaryError.wrap { () throws(StoreError) in
      try store.manifestMark(week)
    }
    guard changed.count == 1, let classID = changed.first,
      let files = classes.first(where: { $0.classID == classID }),
      let mark, mark.state == before,
      mark.unsyncedBoot == nil || mark.unsyncedBoot == DurableFile.currentBoot,
      let old = ManifestInPlace(path: folder.manifest.path, layout: mark.layout, classID: classID)
    else {
      try writeManifest(classes)
      return false
    }
    let state = try PaperDiaryError.wrap { () throws(StoreError) in try store.weekState(week) }
    let issueIDs = try sheets(of: files).sheets.map(\.issueID)
    let frame = try manifestFrame(classes)
    let file = try DurableFile.Writer(folder.manifest)
    try file.append(frame.head)
    var lines = EntryLines(file: file)
    var sections: [ClassID: Range<Int64>] = [:]
    // The classes before and after keep their places relative to the bytes copied with them.
    func copy(_ bytes: Range<Int64>?) throws(PaperDiaryError) {
      guard let bytes else { return }
      let shift = try lines.add(copyOf: old.descriptor, bytes: bytes) - bytes.lowerBound
      for (other, section) in mark.layout.classes where bytes.contains(section.lowerBound) {
        sections[other] = (section.lowerBound + shift)..<(section.upperBound + shift)
      }
    }
    try copy(old.before)
    sections[classID] = try lines.add(entriesOf: issueIDs, from: store)
    try copy(old.after)
    try lines.close()
    try file.append(frame.tail)
    try commit(file, state: state, sheets: lines.written, classes: sections, durably: false)
    return true
  }

  /// Puts the manifest in place and records what it was written from and how it lies.
  private func commit(
    _ file: DurableFile.Writer, state: WeekState, sheets: Range<Int64>,
    classes: [ClassID: Range<Int64>], durably: Bool
  ) throws(PaperDiaryError) {
    // Unsynced only where the boot can be told, and so the file known again after a restart.
    let unsyncedBoot = durably ? nil : DurableFile.currentBoot
    let stamp = try file.commit(durably: unsyncedBoot == nil)
    if unsyncedBoot == nil { try DurableFile.syncFolder(folder.root) }
    let layout = ManifestLayout(
      size: stamp.size, inode: stamp.inode, modifiedNanoseconds: stamp.modifiedNanoseconds,
      sheets: sheets, classes: classes)
    try PaperDiaryError.wrap { () throws(StoreError) in
      try store.recordManifestMark(
        week, ManifestMark(state: state, layout: layout, unsyncedBoot: unsyncedBoot))
    }
  }

  /// The manifest but its sheets: the text up to `"sheets": ` and from the array's end on.
  private func manifestFrame(_ classes: [ClassFiles]) throws(PaperDiaryError) -> (
    head: String, tail: String
  ) {
    let runs = try PaperDiaryError.wrap { () throws(StoreError) in try store.runs(week: week) }
    let clock = SchoolClock(now: now, zone: settings.zone)
    let marker = "\u{1}sheets\u{1}"
    let manifest = JSONValue.object([
      ("week", .string(week.description)), ("week_start", .string(week.monday.iso)),
      ("week_end", .string(week.sunday.iso)), ("as_of", .string(runs.last?.asOf.iso)),
      ("sheets", .raw(marker)), ("skipped", .array([])), ("failed", .array([])),
      ("print_files", .array(classes.map { printFile($0).json })),
      ("register_files", .array(classes.map { registerFile($0).json })),
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
    return (String(manifest[..<split.lowerBound]), String(manifest[split.upperBound...]) + "\n")
  }

  // MARK: - Files

  /// A class's print file: its sheets in print order, padded unless simplex.
  private func joinedSheets(_ sheets: [ClassIssue], target: URL, blank: [UInt8]?)
    throws(PaperDiaryError) -> [UInt8]
  {
    for sheet in sheets {
      guard FileManager.default.fileExists(atPath: sheet.file) else {
        throw PaperDiaryError(
          .failure,
          "\(sheet.issueID): the ledger's file \(sheet.file) is missing, so "
            + "\(target.lastPathComponent) cannot be rebuilt; restore it from a backup or make "
            + "a replacement with `paperdiary sheet --reason` (`paperdiary verify` lists every "
            + "missing file)")
      }
    }
    return try Self.join(
      sheets.map { ($0.file, $0.pages) }, padding: blank,
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
        do {
          return try PDFSplit.split(batch.bytes, pageCounts: pages)
        } catch {
          say(
            "the registers of \(groups.count) classes were drawn one by one (slower, same "
              + "files): \(error)")
        }
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
    DeliveryRegister(
      school: settings.name, className: group.files.info.name,
      homeroomTeacher: group.files.info.homeroomTeacher, week: week,
      rows: group.sheets.map {
        .init(
          student: $0.recipient.studentName, guardian: $0.recipient.guardianName,
          issueID: $0.issueID, replaces: $0.replaces, delivery: $0.recipient.delivery)
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
    guard let bytes = DurableFile.contents(of: path) else {
      throw PaperDiaryError(.failure, "\(path): cannot read the file")
    }
    return bytes
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

/// The sheets of a manifest written one entry a line, as `JSONValue` lays out an array two
/// levels deep: `[]` when there are none.
private struct EntryLines {
  let file: DurableFile.Writer
  private var count = 0
  /// From the first entry's `{` to the last one's `}` (empty where `[]` is written).
  private(set) var written: Range<Int64> = 0..<0

  init(file: DurableFile.Writer) { self.file = file }

  /// Opens the array or separates from the entry before; returns where the next one starts.
  private mutating func next() throws(PaperDiaryError) -> Int64 {
    try file.append(bytes: count == 0 ? ManifestInPlace.opening : ManifestInPlace.separator)
    if count == 0 { written = file.size..<file.size }
    count += 1
    return file.size
  }

  @discardableResult
  mutating func add(_ entry: some Collection<UInt8>) throws(PaperDiaryError) -> Int64 {
    let start = try next()
    try file.append(bytes: entry)
    written = written.lowerBound..<file.size
    return start
  }

  /// Entries already joined by separators, copied from the open file `source`; returns where
  /// they start in this file.
  mutating func add(copyOf source: Int32, bytes: Range<Int64>) throws(PaperDiaryError) -> Int64 {
    let start = try next()
    try file.append(copyOf: source, bytes: bytes)
    written = written.lowerBound..<file.size
    return start
  }

  /// The ledger's entries of `issueIDs`, in that order, read one at a time; returns where they
  /// lie (nil when there are none).
  mutating func add(entriesOf issueIDs: [String], from store: GradeStore)
    throws(PaperDiaryError) -> Range<Int64>?
  {
    var lines = self
    var first: Int64?
    try PaperDiaryError.wrap { () throws(StoreError) in
      try store.manifestEntries(issueIDs) { entry in
        let start = try lines.add((entry ?? "null").utf8)
        if first == nil { first = start }
      }
    }
    self = lines
    return first.map { $0..<file.size }
  }

  func close() throws(PaperDiaryError) {
    try file.append(bytes: count == 0 ? Array("[]".utf8) : ManifestInPlace.closing)
  }
}

extension PaperDiaryError {
  /// Runs `body`, turning a store error into the command's error.
  static func wrap<T>(_ body: () throws(StoreError) -> T) throws(PaperDiaryError) -> T {
    do { return try body() } catch { throw PaperDiaryError(error) }
  }
}
