import Foundation
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
      var said = Data()
      while !String(decoding: said, as: UTF8.self).contains("waiting") {
        let chunk = stderr.fileHandleForReading.availableData
        guard !chunk.isEmpty else { break }
        said += chunk
      }
      runs.append((process, stdout, stderr, String(decoding: said, as: UTF8.self)))
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

  /// `paperdiary weekly --json` of W48 from `store` into `out`, not yet started, its output and
  /// errors piped.
  private static func weekly(store: String, out: String) throws -> (
    process: Process, stdout: Pipe, stderr: Pipe
  ) {
    let process = Process()
    process.executableURL = try #require(ImportCommandTests.executable)
    process.arguments = [
      "weekly", "--store", store, "--out", out, "--now", "2026-11-27 15:00", "--quiet", "--json",
    ]
    let (stdout, stderr) = (Pipe(), Pipe())
    process.standardOutput = stdout
    process.standardError = stderr
    return (process, stdout, stderr)
  }
}
