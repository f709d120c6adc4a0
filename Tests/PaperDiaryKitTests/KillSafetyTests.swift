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
  func killedAndReRun() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "paperdiary-kill-\(UUID().uuidString)")
    try FileManager.default.createDirectory(
      at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = folder.appendingPathComponent("grades.sqlite").path
    let out = folder.appendingPathComponent("out").path
    #expect(try ImportCommandTests.run(["init", "--store", store]).status == 0)
    let samples = ImportCommandTests.packageRoot.appendingPathComponent("Samples").path
    #expect(try ImportCommandTests.run(["import", samples, "--store", store]).status == 0)
    let weekly = ["weekly", "--store", store, "--out", out, "--now", Self.now, "--quiet"]

    // How long an uninterrupted batch takes here, measured on a copy of the store.
    let probe = folder.appendingPathComponent("probe.sqlite").path
    try FileManager.default.copyItem(atPath: store, toPath: probe)
    let started = Date()
    let full = try ImportCommandTests.run(
      [
        "weekly", "--store", probe, "--out", folder.appendingPathComponent("probe").path,
        "--now", Self.now, "--quiet",
      ])
    #expect(full.status == 0, "\(full.stderr)")
    let duration = Date().timeIntervalSince(started)

    var killed = 0
    for moment in 0..<20 {
      // Early moments land among the sheets, later ones in the print-file stage of a run
      // that has little left to issue.
      let delay = duration * (Double(moment) + 0.5) / 20
      let process = Process()
      process.executableURL = try #require(ImportCommandTests.executable)
      process.arguments = weekly
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      try await Task.sleep(for: .milliseconds(Int(delay * 1000)))
      if process.isRunning {
        kill(process.processIdentifier, SIGKILL)
        killed += 1
      }
      process.waitUntilExit()
    }
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

    let week = URL(fileURLWithPath: out).appendingPathComponent("2026-W48")
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
}
