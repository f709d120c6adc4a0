import Foundation
import GRDB
import Testing

@testable import PaperDiaryKit

/// §7: two batches started together for the same week issue every sheet once between them; the
/// one that waits for the week's lock says so instead of failing on a busy database.
@Suite("two weekly batches at once")
struct ConcurrentBatchTests {
  @Test(
    "both finish, each sheet issued once, the second says it waits",
    .needsExecutable)
  func twoBatchesTogether() throws {
    let sample = try SampleOnDisk(prefix: "paperdiary-concurrent")
    let (store, out) = (sample.store, sample.out)

    let runs = try (0..<2).map { _ in try Self.weekly(store: store, out: out) }
    for (process, _, _) in runs { try process.run() }
    var issued = 0
    var messages = ""
    for (process, stdout, stderr) in runs {
      let output = stdout.fileHandleForReading.readDataToEndOfFile()
      messages += String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      #expect(process.terminationStatus == 0, "\(messages)")
      let manifest = try #require(
        try JSONSerialization.jsonObject(with: output) as? [String: Any])
      issued += (manifest["sheets"] as? [Any])?.count ?? 0
    }
    #expect(issued == 43, "the two runs issued \(issued) sheets between them")
    #expect(messages.contains("waiting"), "the second run did not say it waits: \(messages)")
    #expect(!messages.lowercased().contains("busy"))
    let verify = try ImportCommandTests.run(["verify", "--store", store])
    #expect(verify.status == 0, "\(verify.stdout)")
  }

  /// Two first runs of a week given different `--out` folders: the store's lock on the week
  /// makes one wait, and once the other has issued the week it is refused (exit 2, naming the
  /// folder) before it writes anything, instead of failing on the ledger's index midway.
  @Test(
    "two first runs of a week into different folders: one issues, the other is refused",
    .needsExecutable)
  func twoFirstRunsIntoDifferentFolders() throws {
    let sample = try SampleOnDisk(prefix: "paperdiary-concurrent")
    // Held here until both runs wait for it, so that they start the week together.
    let held = try WeekLock.acquire(store: sample.store, scope: "2026-W48") { _ in }
    let outs = ["one", "two"].map { sample.folder.appendingPathComponent($0).path }
    var runs: [(process: Process, stdout: Pipe, stderr: Pipe, said: String)] = []
    for out in outs {
      let (process, stdout, stderr) = try Self.weekly(store: sample.store, out: out)
      try process.run()
      runs.append((process, stdout, stderr, Self.read(stderr, until: "waiting")))
    }
    for run in runs {
      #expect(run.said.contains("is issuing 2026-W48 from this store"), "\(run.said)")
    }
    held.release()

    var outcomes: [(status: Int32, sheets: Int, said: String)] = []
    for run in runs {
      let output = run.stdout.fileHandleForReading.readDataToEndOfFile()
      let said =
        run.said
        + String(decoding: run.stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      run.process.waitUntilExit()
      let manifest = try? JSONSerialization.jsonObject(with: output) as? [String: Any]
      outcomes.append(
        (run.process.terminationStatus, (manifest?["sheets"] as? [Any])?.count ?? 0, said))
    }
    let winner = try #require(outcomes.firstIndex { $0.status == 0 }, "\(outcomes)")
    let loser = 1 - winner
    #expect(outcomes[winner].sheets == 43)
    #expect(outcomes[loser].status == 2, "\(outcomes[loser].said)")
    #expect(
      outcomes[loser].said.contains("2026-W48 was issued into \(outs[winner])/2026-W48,"),
      "\(outcomes[loser].said)")
    #expect(!FileManager.default.fileExists(atPath: outs[loser]))
    let verify = try ImportCommandTests.run(["verify", "--store", sample.store])
    #expect(verify.status == 0, "\(verify.stdout)")
    let beside = try FileManager.default.contentsOfDirectory(atPath: sample.folder.path)
    #expect(!beside.contains { $0.hasSuffix(".lock") }, "\(beside)")
  }

  /// An import that landed while a batch was issuing would have the batch's later sheets drawn
  /// from the new data under ledger rows naming the old import. An import waits for a run that
  /// issues (held here as a batch holds it), and a batch for an import; each says so, and
  /// every ledger row names the import its sheet was drawn from.
  @Test("an import waits for a batch that is issuing, and a batch for an import", .needsExecutable)
  func importsAndBatchesTakeTurns() throws {
    let sample = try SampleOnDisk(prefix: "paperdiary-concurrent")
    let store = sample.store
    let issuing = try WeekLock.acquireData(store: store, changing: false) { _ in }
    let (importing, importOutput, importErrors) = try Self.paperdiary([
      "import", "--store", store, sample.set.path,
    ])
    try importing.run()
    let saidByImport = Self.read(importErrors, until: "waiting")
    #expect(
      saidByImport.contains(
        "another paperdiary run is using this store (\(store)); "
          + "waiting for it to finish before changing it"), "\(saidByImport)")
    #expect(importing.isRunning)
    #expect(try Self.count("imports", in: store) == 1, "the import went ahead")
    issuing.release()
    _ = importOutput.fileHandleForReading.readDataToEndOfFile()
    importing.waitUntilExit()
    #expect(importing.terminationStatus == 0)
    #expect(try Self.count("imports", in: store) == 2)

    let changing = try WeekLock.acquireData(store: store, changing: true) { _ in }
    let (batch, stdout, stderr) = try Self.weekly(store: store, out: sample.out)
    try batch.run()
    let saidByBatch = Self.read(stderr, until: "waiting")
    #expect(
      saidByBatch.contains(
        "this store (\(store)) is being changed by an import or a registry entry; "
          + "waiting for it to finish"), "\(saidByBatch)")
    #expect(batch.isRunning)
    #expect(try Self.count("ledger", in: store) == 0, "the batch went ahead")
    changing.release()
    let output = stdout.fileHandleForReading.readDataToEndOfFile()
    batch.waitUntilExit()
    #expect(batch.terminationStatus == 0)
    let manifest = try JSONSerialization.jsonObject(with: output) as? [String: Any]
    #expect((manifest?["sheets"] as? [Any])?.count == 43)
    let imports = try DatabaseQueue(path: store).read { db in
      try Int64.fetchAll(db, sql: "SELECT DISTINCT import_id FROM ledger")
    }
    #expect(imports == [2])
    let beside = try FileManager.default.contentsOfDirectory(atPath: sample.folder.path)
    #expect(!beside.contains { $0.hasSuffix(".lock") }, "\(beside)")
  }

  /// What a run wrote to `pipe` up to the first chunk holding `text`, or to its end.
  private static func read(_ pipe: Pipe, until text: String) -> String {
    var said = Data()
    while !String(decoding: said, as: UTF8.self).contains(text) {
      let chunk = pipe.fileHandleForReading.availableData
      guard !chunk.isEmpty else { break }
      said += chunk
    }
    return String(decoding: said, as: UTF8.self)
  }

  private static func count(_ table: String, in store: String) throws -> Int {
    try DatabaseQueue(path: store).read { db in
      try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
    }
  }

  /// `paperdiary weekly --json` of W48 from `store` into `out`, not yet started, its output and
  /// errors piped.
  private static func weekly(store: String, out: String) throws -> (
    process: Process, stdout: Pipe, stderr: Pipe
  ) {
    try paperdiary([
      "weekly", "--store", store, "--out", out, "--now", "2026-11-27 15:00", "--quiet", "--json",
    ])
  }

  /// `paperdiary` with `arguments`, not yet started, its output and errors piped.
  private static func paperdiary(_ arguments: [String]) throws -> (
    process: Process, stdout: Pipe, stderr: Pipe
  ) {
    let process = Process()
    process.executableURL = try #require(ImportCommandTests.executable)
    process.arguments = arguments
    let (stdout, stderr) = (Pipe(), Pipe())
    process.standardOutput = stdout
    process.standardError = stderr
    return (process, stdout, stderr)
  }
}
