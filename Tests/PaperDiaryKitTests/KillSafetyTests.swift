import Foundation
import Testing

/// §7: the Friday batch killed at any moment and run again loses and doubles nothing. The real
/// executable is killed with SIGKILL at 20 moments spread over the run — sheets, the print and
/// register files, the manifest — and each time started again; the last run finishes.
@Suite("weekly killed at any moment")
struct KillSafetyTests {
  static let now = "2026-11-27 15:00"

  @Test(
    "SIGKILL at 20 moments, re-run after each: one weekly issue per recipient, files intact",
    .enabled(
      if: ImportCommandTests.executable != nil,
      "build the executable first: swift build"))
  func killedAndReRun() throws {
    let sample = try SampleOnDisk(prefix: "paperdiary-kill")
    let (store, out) = (sample.store, sample.out)
    let weekly = ["weekly", "--store", store, "--out", out, "--now", Self.now, "--quiet"]

    // Moments are found on the disk, not by the clock, so a loaded machine moves them with
    // the run: the first 14 kills come two sheets into a run, the last 6 once it has begun
    // rebuilding the print files and registers.
    let week = URL(fileURLWithPath: out).appendingPathComponent("2026-W48")
    var killed = 0
    var printStageKills = 0
    for moment in 0..<20 {
      let started = Date()
      let process = Process()
      process.executableURL = try #require(ImportCommandTests.executable)
      process.arguments = weekly
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      while process.isRunning {
        let reached =
          moment < 14
          ? Self.files(in: week.appendingPathComponent("sheets"), since: started) >= 2
          : Self.files(in: week.appendingPathComponent("print"), since: started)
            + Self.files(in: week.appendingPathComponent("register"), since: started) >= 1
        if reached {
          kill(process.processIdentifier, SIGKILL)
          killed += 1
          if moment >= 14 { printStageKills += 1 }
          break
        }
        // A blocking wait on this test's own thread: an async sleep may not resume until the
        // busy test pool frees up, by which time the batch has long finished.
        usleep(2000)
      }
      process.waitUntilExit()
    }
    #expect(printStageKills > 0, "no run was killed while it rebuilt the print files")
    #expect(killed > 0, "the batch always finished before its kill; nothing was tested")
    let last = try ImportCommandTests.run(weekly + ["--json"])
    #expect(last.status == 0, "\(last.stderr)")

    let ledgerRun = try ImportCommandTests.run(["ledger", "--store", store, "--json"])
    let rows = try #require(
      try JSONSerialization.jsonObject(with: Data(ledgerRun.stdout.utf8)) as? [[String: Any]])
    let pairs = rows.filter { $0["kind"] as? String == "weekly" }.map {
      "\($0["guardian_id"] ?? "")/\($0["student_id"] ?? "")"
    }
    #expect(pairs.count == 43)
    #expect(Set(pairs).count == pairs.count, "a recipient has two weekly issues")
    let verify = try ImportCommandTests.run(["verify", "--store", store])
    #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")

    let everything = FileManager.default.enumerator(atPath: week.path)?.allObjects ?? []
    let leftovers = everything.compactMap { $0 as? String }.filter { $0.hasSuffix(".tmp") }
    #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
    let sheets = try FileManager.default.contentsOfDirectory(
      atPath: week.appendingPathComponent("sheets").path)
    #expect(sheets.count == 43, "sheets/ holds a file no ledger row names")

    // Every sheet once in its class's register and print file.
    let manifest = try #require(
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: week.appendingPathComponent("manifest.json"))) as? [String: Any])
    let listed = try #require(manifest["sheets"] as? [[String: Any]])
    #expect(listed.count == 43)
    var registerText = ""
    for file in try #require(manifest["register_files"] as? [[String: Any]]) {
      let path = week.appendingPathComponent(try #require(file["file"] as? String)).path
      registerText += try PDFTool.run("pdftotext", ["-layout", path, "-"]).output
    }
    for sheet in listed {
      let id = try #require(sheet["issue_id"] as? String)
      #expect(registerText.components(separatedBy: id).count - 1 == 1, "\(id) in the registers")
    }
    for file in try #require(manifest["print_files"] as? [[String: Any]]) {
      let path = week.appendingPathComponent(try #require(file["file"] as? String))
      #expect(try PDFReading.pageCount(path) == file["pages"] as? Int, "\(path.lastPathComponent)")
    }
  }

  /// Files in `folder` (temporary ones included) changed since `start`.
  static func files(in folder: URL, since start: Date) -> Int {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { name in
      let attributes = try? FileManager.default.attributesOfItem(
        atPath: folder.appendingPathComponent(name).path)
      return (attributes?[.modificationDate] as? Date).map { $0 >= start } ?? false
    }.count
  }
}
