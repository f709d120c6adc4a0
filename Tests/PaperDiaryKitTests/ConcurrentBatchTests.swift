import Foundation
import Testing

/// §7: two batches started together for the same week issue every sheet once between them; the
/// one that waits for the week's lock says so instead of failing on a busy database.
@Suite("two weekly batches at once")
struct ConcurrentBatchTests {
  @Test(
    "both finish, each sheet issued once, the second says it waits",
    .enabled(
      if: ImportCommandTests.executable != nil,
      "build the executable first: swift build"))
  func twoBatchesTogether() throws {
    let sample = try SampleOnDisk(prefix: "paperdiary-concurrent")
    let (store, out) = (sample.store, sample.out)

    var runs: [(Process, Pipe, Pipe)] = []
    for _ in 0..<2 {
      let process = Process()
      process.executableURL = try #require(ImportCommandTests.executable)
      process.arguments = [
        "weekly", "--store", store, "--out", out, "--now", "2026-11-27 15:00", "--quiet", "--json",
      ]
      let stdout = Pipe()
      let stderr = Pipe()
      process.standardOutput = stdout
      process.standardError = stderr
      runs.append((process, stdout, stderr))
    }
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
}
