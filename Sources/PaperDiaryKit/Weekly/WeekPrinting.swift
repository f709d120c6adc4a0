import DiaryRules
import Foundation
import GradeStore
import SheetRendering

/// `weekly --printer`: one CUPS job per class with the sheets this run issued in print order
/// (padded for duplex unless simplex), then the class's register; `--reprint` sends the week's
/// full print files instead. Sheets issued by earlier runs are never sent again unasked.
struct WeekPrinting {
  let queue: PrintQueue
  let folder: WeekFolder
  let week: SchoolWeek
  let simplex: Bool
  let template: Template

  /// Queues the jobs and returns one line per job (`class 7Б: QUEUE-17`).
  func print(
    classes: [WeekAssembly.ClassFiles], of assembly: WeekAssembly, issued: Set<String>,
    issuedClasses: Set<ClassID>, reprint: Bool
  ) throws(PaperDiaryError) -> [String] {
    var lines: [String] = []
    for files in classes where reprint || issuedClasses.contains(files.classID) {
      let name = files.info.name
      let register = folder.registerFile(classNumber: files.number)
      if reprint {
        let job = try queue.submit(
          files: [folder.printFile(classNumber: files.number)],
          title: "\(week) class \(files.number)", duplex: !simplex)
        let registerJob = try queue.submit(
          files: [register], title: "\(week) register \(files.number)", duplex: false)
        lines.append("\(name): \(job.jobID), register \(registerJob.jobID)")
        continue
      }
      let fresh = try assembly.sheets(of: files).sheets.filter { issued.contains($0.issueID) }
      guard !fresh.isEmpty else { continue }
      let job = try submitJoined(
        fresh.map { ($0.file, $0.pages) }, title: "\(week) class \(files.number)")
      let registerJob = try queue.submit(
        files: [register], title: "\(week) register \(files.number)", duplex: false)
      lines.append("\(name): \(job.jobID), register \(registerJob.jobID)")
    }
    return lines
  }

  /// Joins this run's sheets of one class into one padded PDF in a private temporary folder,
  /// queues it, and removes it (CUPS has its own copy once `lp` returns).
  private func submitJoined(_ sheets: [(file: String, pages: Int)], title: String)
    throws(PaperDiaryError) -> PrintJob
  {
    let scratch: URL
    do {
      scratch = try OutputFolder.makeTemporary(prefix: "paperdiary-print")
    } catch {
      throw PaperDiaryError(.failure, "cannot make a temporary folder for printing: \(error)")
    }
    defer { try? FileManager.default.removeItem(at: scratch) }
    var blank: [UInt8]?
    if !simplex, sheets.contains(where: { $0.pages % 2 == 1 }) {
      blank = try WeekAssembly.blankPage(DocumentRenderer(template: template))
    }
    let joined = scratch.appendingPathComponent("job.pdf")
    try DurableFile.writeUnsynced(
      try WeekAssembly.join(sheets, padding: blank, scratch: joined.path), to: joined)
    return try queue.submit(files: [joined], title: title, duplex: !simplex)
  }
}
