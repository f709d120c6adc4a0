import Foundation
import Testing

@testable import PaperDiaryKit

/// Printing (R10, DESIGN §6 `--printer`): what `PrintQueue` hands `lp`, how it reads lp's answer,
/// the one-line errors, and real jobs through a private cupsd whose printer keeps them as PDFs.
@Suite("Printing to a CUPS queue")
struct PrintQueueTests {
  // MARK: - lp's arguments and answer

  @Test("one lp call: queue, title, sides, one copy, then the files after --")
  func arguments() {
    let queue = PrintQueue(name: "office", environment: [:])
    let files = [URL(fileURLWithPath: "/out/print/class-1.pdf"), URL(fileURLWithPath: "/x/-a.pdf")]
    #expect(
      queue.arguments(files: files, title: "7Б — 2026-W48", duplex: true) == [
        "-d", "office", "-t", "7Б — 2026-W48", "-o", "sides=two-sided-long-edge", "-n", "1",
        "--", "/out/print/class-1.pdf", "/x/-a.pdf",
      ])
    #expect(
      queue.arguments(files: files, title: "t", duplex: false)
        == ["-d", "office", "-t", "t", "-o", "sides=one-sided", "-n", "1", "--"]
        + files.map(\.path))
  }

  @Test(
    "the request id is read from lp's answer",
    arguments: [
      ("request id is QUEUE-17 (1 file(s))\n", "QUEUE-17"),
      ("request id is Office_HP-4021 (2 file(s))", "Office_HP-4021"),
      ("lp: warning\nrequest id is Q-1 (1 file(s))\n", "Q-1"),
      ("", nil),
      ("request id is ", nil),
    ] as [(String, String?)])
  func jobID(stdout: String, expected: String?) {
    #expect(PrintQueue.jobID(inLPOutput: stdout) == expected)
  }

  // MARK: - Failures without a scheduler

  @Test("no lp on PATH: one line that says to install cups-client")
  func lpMissing() throws {
    let empty = try TemporaryFolder()
    let queue = PrintQueue(name: "office", environment: ["PATH": empty.url.path])
    let error = try submitError(queue)
    #expect(error.kind == .failure)
    #expect(
      error.description
        == "print queue 'office': `lp` is not installed (not on PATH); "
        + "install it with `apt-get install cups-client`")
  }

  @Test("a name CUPS cannot have is refused before lp runs", arguments: ["", "office hp", "a/b"])
  func badName(name: String) throws {
    let error = try submitError(PrintQueue(name: name, environment: ["PATH": "/nonexistent"]))
    #expect(error.kind == .usage)
    #expect(error.description.hasPrefix("print queue '\(name)': the name "))
    #expect(error.description.contains("lpstat -p"))
  }

  @Test(
    "no scheduler at CUPS_SERVER: one line naming the queue, lp's words and what to do",
    .enabled(if: CUPSDaemon.tool("lp") != nil && CUPSDaemon.tool("lpstat") != nil))
  func schedulerDown() throws {
    let folder = try TemporaryFolder()
    let socket = folder.url.appendingPathComponent("cups.sock").path
    var environment = ProcessInfo.processInfo.environment
    environment["CUPS_SERVER"] = socket
    let pdf = folder.url.appendingPathComponent("sheet.pdf")
    try minimalPDF(pages: 1).write(to: pdf)
    let error = try submitError(PrintQueue(name: "office", environment: environment), [pdf])
    #expect(error.kind == .failure)
    #expect(!error.description.contains("\n"))
    #expect(
      error.description
        == "print queue 'office': lp: Error - The printer or class does not exist; "
        + "the CUPS scheduler at CUPS_SERVER=\(socket) is not running; "
        + "start it (`systemctl start cups`) and print again")
  }

  // MARK: - A real scheduler

  @Test(
    "a 1-page and a 3-page PDF arrive at the printer with their pages, titles and sides",
    .enabled(
      if: CUPSDaemon.unavailableReason == nil,
      Comment(rawValue: "private cupsd cannot run: \(CUPSDaemon.unavailableReason ?? "")")),
    .timeLimit(.minutes(2)))
  func printsThroughCUPS() async throws {
    try await CUPSDaemon.with { cups in
      let sources = try TemporaryFolder()
      let one = sources.url.appendingPathComponent("one.pdf")
      let three = sources.url.appendingPathComponent("three.pdf")
      try minimalPDF(pages: 1).write(to: one)
      try minimalPDF(pages: 3).write(to: three)
      let queue = PrintQueue(name: CUPSDaemon.queue, environment: cups.environment)

      let first = try queue.submit(files: [one], title: "7Б — 2026-W48", duplex: true)
      let second = try queue.submit(files: [three], title: "register 7Б", duplex: false)

      #expect(first.queue == CUPSDaemon.queue)
      #expect(first.title == "7Б — 2026-W48")
      #expect(first.files == [one])
      let ids = try [first, second].map { job in
        let prefix = "\(CUPSDaemon.queue)-"
        try #require(job.jobID.hasPrefix(prefix), "job id \(job.jobID)")
        return try #require(Int(job.jobID.dropFirst(prefix.count)), "job id \(job.jobID)")
      }
      #expect(ids[0] < ids[1])

      let printed = try await cups.printedFiles(count: 2)
      #expect(
        printed.map(\.lastPathComponent) == ids.map { "job-\($0).pdf" }, "\(cups.logTail())")
      #expect(try printed.map(pageCount) == [1, 3])
      let records = try ids.map(cups.jobRecord)
      #expect(records.map(\.title) == ["7Б — 2026-W48", "register 7Б"])
      #expect(records[0].options.contains("sides=two-sided-long-edge"))
      #expect(records[1].options.contains("sides=one-sided"))
    }
  }

  @Test(
    "a queue the scheduler does not have: one line naming it and `lpstat -p`",
    .enabled(
      if: CUPSDaemon.unavailableReason == nil,
      Comment(rawValue: "private cupsd cannot run: \(CUPSDaemon.unavailableReason ?? "")")),
    .timeLimit(.minutes(1)))
  func missingQueue() async throws {
    try await CUPSDaemon.with { cups in
      let folder = try TemporaryFolder()
      let pdf = folder.url.appendingPathComponent("sheet.pdf")
      try minimalPDF(pages: 1).write(to: pdf)
      let queue = PrintQueue(name: "NoSuchQueue", environment: cups.environment)
      let error = try submitError(queue, [pdf])
      #expect(error.kind == .failure)
      #expect(
        error.description
          == "print queue 'NoSuchQueue': lp: Error - The printer or class does not exist; "
          + "no such queue at CUPS_SERVER=\(cups.socket); "
          + "list the queues with `lpstat -p` and pass one to --printer")
    }
  }
}

// MARK: - Helpers

/// The error `submit` throws; a test failure if it succeeds.
private func submitError(_ queue: PrintQueue, _ files: [URL]? = nil) throws -> PaperDiaryError {
  let files = files ?? [URL(fileURLWithPath: "/nonexistent/sheet.pdf")]
  do {
    let job = try queue.submit(files: files, title: "t", duplex: true)
    Issue.record("expected an error, got job \(job.jobID)")
  } catch {
    return error
  }
  throw CancellationError()
}

/// Pages of a PDF as `pdfinfo` counts them.
private func pageCount(_ url: URL) throws -> Int {
  try #require(try PDFReading.pageCount(url), "pdfinfo cannot read \(url.path)")
}

/// A valid PDF of A4 pages that each say their number, built by hand: header, objects,
/// cross-reference table with exact offsets, trailer.
private func minimalPDF(pages: Int) -> Data {
  let font = 3 + 2 * pages
  var objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [\((0..<pages).map { "\(3 + 2 * $0) 0 R" }.joined(separator: " "))] "
      + "/Count \(pages) >>",
  ]
  for page in 0..<pages {
    let content = "BT /F1 24 Tf 72 720 Td (Page \(page + 1)) Tj ET"
    objects.append(
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents \(4 + 2 * page) 0 R "
        + "/Resources << /Font << /F1 \(font) 0 R >> >> >>")
    objects.append("<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream")
  }
  objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
  return Data(HandMadePDF.text(objects: objects, trailer: "/Root 1 0 R").utf8)
}

/// A temporary folder removed when the value goes away.
private final class TemporaryFolder {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory
      .appendingPathComponent("paperdiary-print-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: url) }
}
