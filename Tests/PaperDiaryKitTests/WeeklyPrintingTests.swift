import DiaryRules
import Foundation
import Testing

@testable import PaperDiaryKit

/// `weekly --printer` (R10, DESIGN §6) end to end: the bundled sample's Friday batch sent to a
/// private cupsd whose printer keeps every job as a PDF, so what a school's printer would get
/// can be counted page by page.
@Suite("weekly --printer through a private CUPS scheduler")
struct WeeklyPrintingTests {
  @Test(
    "a job per class and per register; a re-run queues nothing; reprint and simplex",
    .enabled(
      if: CUPSDaemon.unavailableReason == nil,
      Comment(rawValue: "private cupsd cannot run: \(CUPSDaemon.unavailableReason ?? "")")),
    .timeLimit(.minutes(5)))
  func printsTheBatch() async throws {
    let scratch = try OutputFolder.makeTemporary(prefix: "paperdiary-weekly-printing")
    defer { try? FileManager.default.removeItem(at: scratch) }
    try await CUPSDaemon.with { cups in
      let batch = try Batch(folder: scratch, cups: cups)
      // Classes in print order; the first ones are printed two-sided, the last ones one-sided.
      let order = try batch.classesInPrintOrder()
      try #require(order.count >= 5, "the sample has \(order.count) classes with recipients")
      let duplex = Array(order.prefix(3))
      let simplex = Array(order.suffix(2))

      // A first run issues and prints every sheet of its classes, padded for two-sided printing.
      let first = try batch.run(classes: duplex)
      #expect(Set(first.sheets.map(\.recipient.classID)) == Set(duplex))
      let firstJobs = try batch.jobs(of: first, classes: duplex)
      _ = try await cups.printedFiles(count: 2 * duplex.count)
      for job in firstJobs {
        let pages = sheetPages(first, job.classID)
        let padded = pages.reduce(0) { $0 + $1 + $1 % 2 }
        #expect(try batch.printedPages(job.sheets) == padded, "class \(job.classID)")
        #expect(first.printFiles.first { $0.classID == job.classID }?.pages == padded)
        try batch.expectRecord(job, sheetsSides: "two-sided-long-edge")
        #expect(try batch.printedPages(job.register) == batch.registerPages(job))
      }

      // Nothing new: nothing is issued and the scheduler receives no job.
      let queued = try batch.jobsOnScheduler()
      #expect(queued == 2 * duplex.count, "lpstat lists \(queued) jobs")
      let second = try batch.run(classes: duplex)
      #expect(second.sheets.isEmpty)
      #expect(second.skipped.count == first.sheets.count)
      #expect(second.printJobs.isEmpty)
      #expect(try batch.jobsOnScheduler() == queued)

      // --reprint: the week's print files as they are, one job each, and the registers.
      let third = try batch.run(classes: duplex, reprint: true)
      #expect(third.sheets.isEmpty)
      let reprinted = try batch.jobs(of: third, classes: duplex, names: first)
      _ = try await cups.printedFiles(count: 4 * duplex.count)
      for job in reprinted {
        let padded = sheetPages(first, job.classID).reduce(0) { $0 + $1 + $1 % 2 }
        #expect(try batch.printFilePages(job) == padded, "class \(job.classID)")
        #expect(try batch.printedPages(job.sheets) == padded, "class \(job.classID)")
        try batch.expectRecord(job, sheetsSides: "two-sided-long-edge")
        #expect(try batch.printedPages(job.register) == batch.registerPages(job))
      }

      // --simplex: this run's sheets one after another, no blank pages between families.
      let fourth = try batch.run(classes: simplex, simplex: true)
      #expect(Set(fourth.sheets.map(\.recipient.classID)) == Set(simplex))
      #expect(
        fourth.sheets.contains { ($0.pages ?? 0) % 2 == 1 },
        "an odd-page sheet is needed for padding to show")
      let simplexJobs = try batch.jobs(of: fourth, classes: simplex)
      _ = try await cups.printedFiles(count: 4 * duplex.count + 2 * simplex.count)
      for job in simplexJobs {
        let unpadded = sheetPages(fourth, job.classID).reduce(0, +)
        #expect(try batch.printedPages(job.sheets) == unpadded, "class \(job.classID)")
        #expect(fourth.printFiles.first { $0.classID == job.classID }?.pages == unpadded)
        #expect(try batch.printFilePages(job) == unpadded)
        try batch.expectRecord(job, sheetsSides: "one-sided")
        #expect(try batch.printedPages(job.register) == batch.registerPages(job))
      }
      #expect(try batch.jobsOnScheduler() == 4 * duplex.count + 2 * simplex.count)
    }
  }
}

// MARK: - Helpers

/// The pages of each sheet a run issued to `classID`, in print order.
private func sheetPages(_ manifest: WeeklyManifest, _ classID: ClassID) -> [Int] {
  manifest.sheets.filter { $0.recipient.classID == classID }.map { $0.pages ?? 0 }
}

/// The bundled sample in a store under `folder`, its batches printed to `cups`.
private struct Batch {
  /// One line of `printJobs`: the class and the CUPS job numbers of its sheets and register.
  struct ClassJobs {
    let classID: ClassID
    let number: Int
    let sheets: Int
    let register: Int
  }

  static let week = "2026-W48"
  let store: String
  let out: URL
  let cups: CUPSDaemon

  init(folder: URL, cups: CUPSDaemon) throws {
    store = folder.appendingPathComponent("grades.sqlite").path
    out = folder.appendingPathComponent("out")
    self.cups = cups
    _ = try StoreWorkflows.initialize(store: store)
    _ = try StoreWorkflows.importSet(
      WorkflowTests.repository.appendingPathComponent("Samples").path, store: store,
      replace: false)
  }

  private func options(classes: [ClassID]) -> WeeklyWorkflow.Options {
    var options = WeeklyWorkflow.Options(store: store)
    options.out = out.path
    options.now = "2026-11-27 15:00"
    options.classes = classes.map(\.rawValue)
    options.printer = CUPSDaemon.queue
    options.environment = cups.environment
    options.operatorName = "test"
    options.jobs = 2
    options.quiet = true
    return options
  }

  func classesInPrintOrder() throws -> [ClassID] {
    var options = options(classes: [])
    options.dryRun = true
    var order: [ClassID] = []
    for sheet in try WeeklyWorkflow.run(options).sheets
    where !order.contains(sheet.recipient.classID) {
      order.append(sheet.recipient.classID)
    }
    return order
  }

  func run(classes: [ClassID], reprint: Bool = false, simplex: Bool = false) throws
    -> WeeklyManifest
  {
    var options = options(classes: classes)
    options.reprint = reprint
    options.simplex = simplex
    let manifest = try WeeklyWorkflow.run(options)
    #expect(manifest.failed.isEmpty, "\(manifest.failed.map(\.error))")
    return manifest
  }

  /// The jobs `manifest` reports, one line per class of `classes` in that order, each
  /// `<class name>: <queue>-<n>, register <queue>-<m>`. Names come from `names` (default:
  /// the same manifest) and class file numbers from the week's `manifest.json`.
  func jobs(of manifest: WeeklyManifest, classes: [ClassID], names: WeeklyManifest? = nil)
    throws -> [ClassJobs]
  {
    try #require(
      manifest.printJobs.count == classes.count, "print jobs: \(manifest.printJobs)")
    let numbers = try classFileNumbers()
    return try zip(classes, manifest.printJobs).map { classID, line in
      let name = try #require(
        (names ?? manifest).sheets.first { $0.recipient.classID == classID }?.recipient.className)
      let prefix = "\(name): \(CUPSDaemon.queue)-"
      let separator = ", register \(CUPSDaemon.queue)-"
      try #require(line.hasPrefix(prefix), "line '\(line)' for class \(classID)")
      let ids = line.dropFirst(prefix.count).components(separatedBy: separator)
      try #require(ids.count == 2, "line '\(line)'")
      return ClassJobs(
        classID: classID, number: try #require(numbers[classID]),
        sheets: try #require(Int(ids[0]), "line '\(line)'"),
        register: try #require(Int(ids[1]), "line '\(line)'"))
    }
  }

  /// Class → `n` of `print/class-<n>.pdf`, from the week's manifest.json.
  private func classFileNumbers() throws -> [ClassID: Int] {
    let data = try Data(
      contentsOf: out.appendingPathComponent(Self.week).appendingPathComponent("manifest.json"))
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let files = try #require(object["print_files"] as? [[String: Any]])
    var numbers: [ClassID: Int] = [:]
    for file in files {
      let id = try #require(file["class_id"] as? String)
      let path = try #require(file["file"] as? String)
      let number = path.replacingOccurrences(of: "print/class-", with: "")
        .replacingOccurrences(of: ".pdf", with: "")
      numbers[ClassID(id)] = try #require(Int(number), "print file \(path)")
    }
    return numbers
  }

  /// The job's title and sides as the printer's backend received them.
  func expectRecord(_ job: ClassJobs, sheetsSides: String) throws {
    let sheets = try cups.jobRecord(job.sheets)
    #expect(sheets.title == "\(Self.week) class \(job.number)")
    #expect(sheets.options.contains("sides=\(sheetsSides)"), "options: \(sheets.options)")
    let register = try cups.jobRecord(job.register)
    #expect(register.title == "\(Self.week) register \(job.number)")
    #expect(register.options.contains("sides=one-sided"), "options: \(register.options)")
  }

  /// Pages of the PDF the test printer made of job `id`.
  func printedPages(_ id: Int) throws -> Int {
    try pdfPages(cups.outputFolder.appendingPathComponent("job-\(id).pdf"))
  }

  func printFilePages(_ job: ClassJobs) throws -> Int {
    try pdfPages(weekFolder.appendingPathComponent("print/class-\(job.number).pdf"))
  }

  func registerPages(_ job: ClassJobs) throws -> Int {
    try pdfPages(weekFolder.appendingPathComponent("register/class-\(job.number).pdf"))
  }

  private var weekFolder: URL { out.appendingPathComponent(Self.week) }

  /// Every job the scheduler knows on the test queue, done or not.
  func jobsOnScheduler() throws -> Int {
    let listing = try cups.run("lpstat", ["-W", "all", "-o", CUPSDaemon.queue])
    try #require(listing.status == 0, "lpstat: \(listing.output)")
    return listing.output.split(separator: "\n").filter {
      $0.hasPrefix("\(CUPSDaemon.queue)-")
    }.count
  }
}

/// Pages of a PDF as `pdfinfo` counts them.
private func pdfPages(_ url: URL) throws -> Int {
  try #require(try PDFReading.pageCount(url), "pdfinfo cannot read \(url.path)")
}
