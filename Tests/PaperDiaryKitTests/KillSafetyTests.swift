import Foundation
import PDFTestSupport
import Testing

/// §7 and issue 5: the Friday batch killed at any moment and run again loses and doubles
/// nothing. The real executable, on a made-up school whose week owes about 300 sheets, is killed
/// with SIGKILL at 20 moments spread over the whole run — before its first sheet, at 15 points
/// across the sheets, while it rebuilds the print files and registers, while it writes the
/// manifest — and started again after each. After every kill the ledger is already sound; after
/// the last run, which finishes, every owed recipient has exactly one weekly issue, every file
/// matches its row, the print files and registers hold every sheet once, and nothing is left over.
@Suite("weekly killed at any moment")
struct KillSafetyTests {
  static let now = "2026-11-27 15:00"
  static let week = "2026-W48"

  /// Where a run is killed. Each is found on the disk, not by the clock, so a loaded machine
  /// moves it with the run: under the full suite a timed probe let every run finish first.
  enum Moment: CustomStringConvertible {
    /// The run holds the week's lock: it is clearing what the last run left, reserving ids or
    /// drawing its first group.
    case holdingLock
    /// `sheets/` holds `n` PDFs, at least one of them this run's (so the last run's leftovers
    /// are gone and the count is what the ledger has plus what this run drew).
    case sheets(Int)
    /// This run has written `n` print files.
    case printFiles(Int)
    /// This run has written `n` registers.
    case registers(Int)
    /// `manifest.json.tmp` exists: the class files are recorded, the manifest is being written.
    case manifest

    var description: String {
      switch self {
      case .holdingLock: "holding the lock"
      case .sheets(let count): "\(count) sheets"
      case .printFiles(let count): "\(count) print files"
      case .registers(let count): "\(count) registers"
      case .manifest: "writing manifest.json"
      }
    }

    /// Whether the moment lies after the sheets, in the print files, registers or manifest.
    var afterSheets: Bool {
      switch self {
      case .holdingLock, .sheets: false
      case .printFiles, .registers, .manifest: true
      }
    }
  }

  /// 20 moments over a week that owes `owed` sheets in `classes` classes: the lock, 15 counts of
  /// sheets up to five short of the end, then the class files and the manifest. The class files
  /// are rebuilt by every run until one records them, so each moment after the sheets is met
  /// by the run after the kill before it.
  static func moments(owed: Int, classes: Int) -> [Moment] {
    [.holdingLock] + (1...13).map { .sheets(owed * $0 / 14) } + [.sheets(owed - 5)]
      + [
        .printFiles(1), .printFiles((classes + 1) / 2), .registers(1), .registers(classes),
        .manifest,
      ]
  }

  @Test(
    "SIGKILL at 20 moments, re-run after each: one weekly issue per recipient, files intact",
    .needsExecutable)
  func killedAndReRun() throws {
    let sample = try SampleOnDisk(
      prefix: "paperdiary-kill", generated: .threeHundredRecipients)
    let (store, out) = (sample.store, sample.out)
    let weekly = ["weekly", "--store", store, "--out", out, "--now", Self.now, "--quiet"]

    // Who is owed a sheet, before anything is issued.
    let dryRun = try ImportCommandTests.run(weekly + ["--dry-run", "--json"])
    let plan = try #require(
      try JSONSerialization.jsonObject(with: Data(dryRun.stdout.utf8)) as? [String: Any],
      "weekly --dry-run: \(dryRun.stderr)")
    let owed = try #require(plan["sheets"] as? [[String: Any]]).map(Self.pair)
    let classCount = Set(try #require(plan["sheets"] as? [[String: Any]]).map(Self.classID)).count
    try #require((280...320).contains(owed.count), "the set owes \(owed.count) sheets, not ~300")

    let week = URL(fileURLWithPath: out).appendingPathComponent(Self.week)
    let sheets = week.appendingPathComponent("sheets")
    var killed: [Moment] = []
    var missed: [Moment] = []
    for moment in Self.moments(owed: owed.count, classes: classCount) {
      let before = Set(Self.pdfs(in: sheets))
      let started = Date()
      let process = Process()
      process.executableURL = try #require(ImportCommandTests.executable)
      process.arguments = weekly
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      let probe = Probe(
        week: week, pid: process.processIdentifier, started: started, before: before)
      while process.isRunning {
        if probe.reached(moment) {
          kill(process.processIdentifier, SIGKILL)
          break
        }
        // A blocking wait on this test's own thread: an async sleep may not resume until the
        // busy test pool frees up, by which time the batch has long finished.
        usleep(1000)
      }
      process.waitUntilExit()
      if process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL {
        killed.append(moment)
      } else {
        #expect(process.terminationStatus == 0, "the run meant to die at \(moment) failed")
        missed.append(moment)
      }
      // Sound at every moment, not only once a run has finished.
      let verify = try ImportCommandTests.run(["verify", "--store", store, "--week", Self.week])
      #expect(verify.status == 0, "after a kill at \(moment): \(verify.stdout)\(verify.stderr)")
      let pairs = try Self.ledger(store).filter { $0["kind"] as? String == "weekly" }.map(Self.pair)
      #expect(Set(pairs).count == pairs.count, "after a kill at \(moment): a doubled issue")
    }
    #expect(
      killed.filter { !$0.afterSheets }.count >= 13,
      "runs finished before their kill: \(missed)")
    #expect(
      killed.filter(\.afterSheets).count >= 3, "runs finished before their kill: \(missed)")

    let last = try ImportCommandTests.run(weekly)
    #expect(last.status == 0, "\(last.stderr)")
    try Self.checkWeek(store: store, out: URL(fileURLWithPath: out), owed: owed)
  }

  // MARK: - The week after the last run

  /// Everything issue 5 asks of a week that was killed and re-run: one weekly row per owed
  /// recipient, every row's file present with its SHA-256, `sheets/` holding those files only,
  /// no `*.tmp` anywhere, and every sheet once in its class's print file and register.
  static func checkWeek(store: String, out: URL, owed: [String]) throws {
    let week = out.appendingPathComponent(Self.week)
    let rows = try ledger(store)
    let weekly = rows.filter { $0["kind"] as? String == "weekly" }
    let issued = weekly.map(pair)
    #expect(weekly.count == owed.count, "\(weekly.count) weekly rows for \(owed.count) owed")
    #expect(Set(issued).count == issued.count, "a recipient has two weekly issues")
    let notIssued = Set(owed).subtracting(issued).sorted()
    #expect(notIssued.isEmpty, "owed but not issued: \(notIssued)")
    let notOwed = Set(issued).subtracting(owed).sorted()
    #expect(notOwed.isEmpty, "issued but not owed: \(notOwed)")

    let verify = try ImportCommandTests.run(["verify", "--store", store, "--week", Self.week])
    #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    // The digests read again by coreutils, not by the code that recorded them.
    let files = rows.compactMap { $0["file"] as? String }
    let sums = try PDFTool.run("sha256sum", files)
    #expect(sums.status == 0, "sha256sum: \(sums.errors)")
    var onDisk: [String: String] = [:]
    for line in sums.output.split(separator: "\n") {
      let parts = line.split(separator: " ", maxSplits: 1)
      guard parts.count == 2 else { continue }
      onDisk[String(parts[1].drop { $0 == " " || $0 == "*" })] = String(parts[0])
    }
    let mismatched = rows.compactMap { row -> String? in
      let file = row["file"] as? String ?? ""
      return onDisk[file] == row["sha256"] as? String ? nil : file
    }
    #expect(mismatched.isEmpty, "files that differ from their rows' SHA-256: \(mismatched)")

    let sheetNames = Set(pdfs(in: week.appendingPathComponent("sheets")))
    let recorded = Set(files.map { URL(fileURLWithPath: $0).lastPathComponent })
    let unrecorded = sheetNames.subtracting(recorded).sorted()
    #expect(unrecorded.isEmpty, "PDFs under sheets/ that no row names: \(unrecorded)")
    let everything = FileManager.default.enumerator(atPath: out.path)?.allObjects ?? []
    let leftovers = everything.compactMap { $0 as? String }.filter { $0.hasSuffix(".tmp") }
    #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")

    let manifest = try #require(
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: week.appendingPathComponent("manifest.json"))) as? [String: Any])
    let listed = try #require(manifest["sheets"] as? [[String: Any]])
    #expect(
      Set(listed.compactMap { $0["issue_id"] as? String })
        == Set(weekly.compactMap { $0["issue_id"] as? String }),
      "manifest.json does not list the ledger's sheets")
    try checkClassFiles(week: week, manifest: manifest, rows: weekly)
  }

  /// Each class's print file holds each of its sheets once — every page of it, in print order,
  /// a blank after an odd one — and its register names each sheet once.
  static func checkClassFiles(week: URL, manifest: [String: Any], rows: [[String: Any]]) throws {
    let listed = try #require(manifest["sheets"] as? [[String: Any]])
    let pages = Dictionary(
      listed.map { ($0["issue_id"] as? String ?? "", $0["pages"] as? Int ?? 0) },
      uniquingKeysWith: { first, _ in first })
    var byClass: [String: [String]] = [:]
    for sheet in listed {
      byClass[classID(sheet), default: []].append(sheet["issue_id"] as? String ?? "")
    }
    let ledgerClasses = Set(rows.map(classID))
    #expect(Set(byClass.keys) == ledgerClasses)

    let printFiles = try #require(manifest["print_files"] as? [[String: Any]])
    #expect(Set(printFiles.map(classID)) == ledgerClasses, "a class has no print file")
    for file in printFiles {
      let name = try #require(file["file"] as? String)
      let expected = byClass[classID(file)] ?? []
      let text = try PDFTool.run(
        "pdftotext", ["-layout", week.appendingPathComponent(name).path, "-"])
      #expect(text.status == 0, "pdftotext \(name): \(text.errors)")
      var pageTexts = text.output.components(separatedBy: "\u{0C}")
      pageTexts.removeLast()  // pdftotext ends every page, the last one too, with a form feed
      let owners = try pageTexts.map { Set(try issueIDs(in: $0)) }
      #expect(owners.allSatisfy { $0.count <= 1 }, "\(name): a page shows two sheets")
      let sequence = owners.compactMap(\.first).reduce(into: [String]()) { order, id in
        if order.last != id { order.append(id) }
      }
      let wrong = zip(sequence, expected).first { $0 != $1 }
      #expect(
        wrong == nil && sequence.count == expected.count,
        """
        \(name) holds \(sequence.count) sheets, its class \(expected.count); the first out of \
        place is \(wrong.map { "\($0.0) for \($0.1)" } ?? "past the end")
        """)
      let miscounted = expected.filter { id in owners.filter { $0.contains(id) }.count != pages[id]
      }
      #expect(miscounted.isEmpty, "\(name): not every page of \(miscounted) once")
      let padded = expected.reduce(0) { $0 + (pages[$1] ?? 0) + (pages[$1] ?? 0) % 2 }
      #expect(pageTexts.count == padded, "\(name): \(pageTexts.count) pages, not \(padded)")
    }

    let registers = try #require(manifest["register_files"] as? [[String: Any]])
    #expect(Set(registers.map(classID)) == ledgerClasses, "a class has no register")
    for file in registers {
      let name = try #require(file["file"] as? String)
      let text = try PDFTool.run(
        "pdftotext", ["-layout", week.appendingPathComponent(name).path, "-"])
      #expect(text.status == 0, "pdftotext \(name): \(text.errors)")
      let found = try issueIDs(in: text.output)
      let expected = byClass[classID(file)] ?? []
      let doubled = Set(found.filter { id in found.filter { $0 == id }.count > 1 }).sorted()
      #expect(doubled.isEmpty, "\(name) names \(doubled) more than once")
      let missing = Set(expected).subtracting(found).sorted()
      #expect(missing.isEmpty, "\(name) does not name \(missing)")
      let foreign = Set(found).subtracting(expected).sorted()
      #expect(foreign.isEmpty, "\(name) names \(foreign) of another class")
    }
  }

  // MARK: - Watching a run

  /// What the test watches while a run goes: the week's folders and the run's lock.
  struct Probe {
    let week: URL
    let pid: Int32
    let started: Date
    /// The PDFs in `sheets/` before the run started: the run's own are the others.
    let before: Set<String>

    func reached(_ moment: Moment) -> Bool {
      switch moment {
      case .holdingLock:
        return holdsLock()
      case .sheets(let count):
        let names = KillSafetyTests.pdfs(in: week.appendingPathComponent("sheets"))
        return names.count >= count && names.contains { !before.contains($0) }
      case .printFiles(let count):
        return written(in: "print") >= count
      case .registers(let count):
        return written(in: "register") >= count
      case .manifest:
        return FileManager.default.fileExists(
          atPath: week.appendingPathComponent("manifest.json.tmp").path)
      }
    }

    /// Whether the run holds the week's `flock`, as `/proc/locks` lists it (a waiter's line
    /// starts with `->`, so it does not count). SQLite's locks are POSIX locks, not FLOCK.
    private func holdsLock() -> Bool {
      let locks = (try? String(contentsOfFile: "/proc/locks", encoding: .utf8)) ?? ""
      return locks.split(separator: "\n").contains { line in
        let fields = line.split(separator: " ")
        return fields.count > 4 && fields[1] == "FLOCK" && fields[4] == "\(pid)"
      }
    }

    /// PDFs in `OUT/<week>/<folder>` written since the run started.
    private func written(in folder: String) -> Int {
      let url = week.appendingPathComponent(folder)
      return KillSafetyTests.pdfs(in: url).filter { name in
        let attributes = try? FileManager.default.attributesOfItem(
          atPath: url.appendingPathComponent(name).path)
        return (attributes?[.modificationDate] as? Date).map { $0 >= started } ?? false
      }.count
    }
  }

  // MARK: - Reading

  static func pdfs(in folder: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter {
      $0.hasSuffix(".pdf")
    }
  }

  /// The week's rows of `paperdiary ledger --json`.
  static func ledger(_ store: String) throws -> [[String: Any]] {
    let run = try ImportCommandTests.run(["ledger", "--store", store, "--week", week, "--json"])
    return try #require(
      try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]],
      "paperdiary ledger: \(run.stderr)")
  }

  /// `guardian/student` of a ledger row or manifest entry.
  static func pair(_ row: [String: Any]) -> String {
    "\(row["guardian_id"] as? String ?? "")/\(row["student_id"] as? String ?? "")"
  }

  static func classID(_ row: [String: Any]) -> String { row["class_id"] as? String ?? "" }

  /// The week's issue ids in `text`, in order, as often as they appear.
  static func issueIDs(in text: String) throws -> [String] {
    let pattern = try Regex("\(week)-[0-9]{5,}")
    return text.matches(of: pattern).map { String(text[$0.range]) }
  }
}
