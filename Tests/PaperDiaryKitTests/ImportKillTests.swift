import Foundation
import PDFTestSupport
import PaperDiaryKit
import Testing

/// Issue 5: an import killed midway leaves the store as it was. The real `paperdiary import`
/// of a 400-student set is killed with SIGKILL at four moments spread over its work and once
/// while it commits, on the same store each time; after every kill the store holds the same rows
/// of every table and the same `sqlite3 .dump` as before (a kill during the commit may instead
/// leave the import whole), `status` and `verify` answer as they did, and at the end the import
/// runs through. Once into an empty store, once as a `--replace` over a store with issued sheets.
@Suite("import killed midway", .serialized)
struct ImportKillTests {
  static let now = "2026-11-27 15:00"

  @Test(
    "a first import into an empty store, killed at 5 moments: the store stays empty, then imports",
    .needsExecutable)
  func firstImport() throws {
    let sample = try SampleOnDisk(
      prefix: "paperdiary-import-kill", generated: .fourHundredStudents, imported: false)
    try Self.killAndImport(sample.set, replace: false, into: sample)
  }

  @Test(
    "a --replace over a store with sheets, killed at 5 moments: the store stays, then imports",
    .needsExecutable)
  func reImport() throws {
    let sample = try SampleOnDisk(
      prefix: "paperdiary-reimport-kill", generated: .fourHundredStudents)
    // One class's sheets, so the ledger names files that `verify` checks after every kill.
    let classes = try String(
      contentsOf: sample.set.appendingPathComponent("classes.csv"), encoding: .utf8)
    let firstClass = try #require(
      classes.split(separator: "\n").dropFirst().first?.split(separator: ",").first)
    let weekly = try ImportCommandTests.run([
      "weekly", "--store", sample.store, "--out", sample.out, "--now", Self.now,
      "--class", String(firstClass), "--quiet",
    ])
    try #require(weekly.status == 0, "\(weekly.stderr)")

    // The same school a week's edits later: marks and absences struck out, which --replace
    // deletes from the store.
    let changed = sample.folder.appendingPathComponent("changed")
    try FileManager.default.copyItem(at: sample.set, to: changed)
    try Self.dropRows(every: 7, of: changed.appendingPathComponent("marks.csv"))
    try Self.dropRows(every: 5, of: changed.appendingPathComponent("attendance.csv"))
    try Self.killAndImport(changed, replace: true, into: sample)
  }

  // MARK: - Killing the import

  /// Where an import is killed: a share of the time the uninterrupted import took to reach its
  /// commit, or as soon as the commit has begun writing the WAL.
  enum Moment: CustomStringConvertible {
    case share(Double)
    case committing

    var description: String {
      switch self {
      case .share(let share): "\(Int(share * 100)) % of the way to the commit"
      case .committing: "while committing"
      }
    }
  }

  static let moments: [Moment] = [
    .share(0.1), .share(0.35), .share(0.6), .share(0.85), .committing,
  ]

  /// Imports `set` into a copy of the store to learn what a whole import leaves and how long
  /// it takes to reach its commit; then kills the import into the store itself at each moment,
  /// checking every time that the store is as it was; then lets it finish.
  static func killAndImport(_ set: URL, replace: Bool, into sample: SampleOnDisk) throws {
    let store = sample.store
    let before = try Snapshot(store)
    let answers = try Answers(store)
    let backup = sample.folder.appendingPathComponent("backup.sqlite").path
    try copyStore(store, to: backup)

    let reference = sample.folder.appendingPathComponent("reference.sqlite").path
    try copyStore(store, to: reference)
    let whole = try ImportRun(set, store: reference, replace: replace, until: nil)
    try #require(whole.status == 0, "the uninterrupted import failed")
    let imported = try Snapshot(reference)
    try #require(imported.counts != before.counts, "the import changes nothing; nothing to test")
    let toCommit = whole.toCommit ?? whole.elapsed

    var unchanged = 0
    for moment in moments {
      let due: ImportRun.Due =
        switch moment {
        case .share(let share): .after(toCommit * share)
        case .committing: .committing
        }
      let run = try ImportRun(set, store: store, replace: replace, until: due)
      let after = try Snapshot(store)
      if after == before {
        #expect(run.killed, "the import meant to die at \(moment) finished but changed nothing")
        unchanged += 1
        #expect(try Answers(store) == answers, "status or verify answer otherwise after \(moment)")
      } else if !run.killed || run.committing {
        // Killed once the commit was under way, or not killed at all: the import is whole.
        #expect(run.status == 0 || run.killed, "the import meant to die at \(moment) failed")
        #expect(
          after.counts == imported.counts,
          "killed at \(moment): neither as before nor imported: \(after.difference(imported))")
        try copyStore(backup, to: store)
      } else {
        Issue.record(
          "killed at \(moment), before the commit: the store changed: \(after.difference(before))")
        try copyStore(backup, to: store)
      }
    }
    #expect(unchanged >= 3, "only \(unchanged) kills came before the commit")

    let last = try ImportCommandTests.run(
      ["import", set.path, "--store", store] + (replace ? ["--replace"] : []))
    #expect(last.status == 0, "after the kills the import fails: \(last.stderr)")
    #expect(try Snapshot(store).counts == imported.counts, "the import after the kills differs")
    let verify = try ImportCommandTests.run(["verify", "--store", store])
    #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    let status = try ImportCommandTests.run(["status", "--store", store, "--now", now])
    #expect(status.status == 0, "\(status.stderr)")
  }

  /// One `paperdiary import`, killed with SIGKILL when `until` comes. The WAL is watched
  /// throughout: the import writes it only when it commits (its page cache holds the whole
  /// transaction), so its growth marks the commit.
  struct ImportRun {
    enum Due {
      case after(Duration)
      case committing
    }

    let killed: Bool
    /// Whether the commit had begun when the run was killed (or ended).
    let committing: Bool
    let status: Int32
    let elapsed: Duration
    /// When the WAL began to grow, if it did while the test watched.
    let toCommit: Duration?

    init(_ set: URL, store: String, replace: Bool, until due: Due?) throws {
      let process = Process()
      process.executableURL = try #require(ImportCommandTests.executable)
      process.arguments =
        ["import", set.path, "--store", store] + (replace ? ["--replace"] : [])
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      let clock = ContinuousClock()
      let start = clock.now
      try process.run()
      var toCommit: Duration?
      var committing = false
      while process.isRunning {
        committing = committing || Self.walSize(store) > 64 << 10
        if committing, toCommit == nil { toCommit = clock.now - start }
        let reached =
          switch due {
          case .none: false
          case .after(let delay): clock.now - start >= delay
          case .committing: committing
          }
        if reached {
          kill(process.processIdentifier, SIGKILL)
          break
        }
        // A blocking wait on this test's own thread, as in `KillSafetyTests`.
        usleep(1000)
      }
      process.waitUntilExit()
      killed = process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
      self.committing = committing
      status = process.terminationStatus
      elapsed = clock.now - start
      self.toCommit = toCommit
    }

    static func walSize(_ store: String) -> Int {
      let attributes = try? FileManager.default.attributesOfItem(atPath: store + "-wal")
      return (attributes?[.size] as? Int) ?? 0
    }
  }

  // MARK: - The store as a reader sees it

  /// The rows of every table and the SHA-256 of `sqlite3 .dump` — the schema and every row, not
  /// the file's pages, which the first open after an import may change (see
  /// `ImportCommandTests.pages`).
  struct Snapshot: Equatable {
    let counts: [String: Int]
    let digest: String

    init(_ store: String) throws {
      let tables = try Self.sqlite(
        store, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
      ).split(separator: "\n")
      let query = tables.map { "SELECT '\($0)', COUNT(*) FROM \"\($0)\"" }
        .joined(separator: " UNION ALL ")
      var counts: [String: Int] = [:]
      for line in try Self.sqlite(store, query).split(separator: "\n") {
        let parts = line.split(separator: "|")
        guard parts.count == 2 else { continue }
        counts[String(parts[0])] = Int(parts[1])
      }
      self.counts = counts
      digest = DurableFile.sha256(Array(try Self.sqlite(store, ".dump").utf8))
    }

    /// The tables whose row counts differ, or that the dumps differ when the counts agree.
    func difference(_ other: Snapshot) -> String {
      let tables = Set(counts.keys).union(other.counts.keys).sorted().filter {
        counts[$0] != other.counts[$0]
      }
      guard !tables.isEmpty else { return "same rows per table, other content" }
      return tables.map { "\($0) \(counts[$0] ?? 0) rows, not \(other.counts[$0] ?? 0)" }
        .joined(separator: "; ")
    }

    private static func sqlite(_ store: String, _ command: String) throws -> String {
      let run = try PDFTool.run("sqlite3", ["-batch", store, command])
      try #require(
        run.status == 0, "sqlite3 \(command): \(run.errors) (apt-get install sqlite3)")
      return run.output
    }
  }

  /// What `status` and `verify` say of a store: a store left as it was answers the same.
  struct Answers: Equatable {
    let status: [String]
    let verify: [String]

    init(_ store: String) throws {
      let status = try ImportCommandTests.run(["status", "--store", store, "--now", now])
      let verify = try ImportCommandTests.run(["verify", "--store", store])
      self.status = ["\(status.status)", status.stdout, status.stderr]
      self.verify = ["\(verify.status)", verify.stdout, verify.stderr]
    }
  }

  // MARK: - Files

  /// Copies a store file that no process has open over `target`, taking the target's WAL and
  /// shared memory with it; the copy is 0600 as `paperdiary` requires.
  static func copyStore(_ source: String, to target: String) throws {
    for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: target + suffix)
    {
      try FileManager.default.removeItem(atPath: target + suffix)
    }
    try FileManager.default.copyItem(atPath: source, toPath: target)
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target)
  }

  /// Removes every `n`th data row of a CSV file (the header stays).
  static func dropRows(every n: Int, of file: URL) throws {
    let lines = try String(contentsOf: file, encoding: .utf8).split(
      separator: "\n", omittingEmptySubsequences: false)
    let kept = lines.enumerated().filter { $0.offset == 0 || $0.offset % n != 0 }.map(\.element)
    try Data(kept.joined(separator: "\n").utf8).write(to: file)
  }
}
