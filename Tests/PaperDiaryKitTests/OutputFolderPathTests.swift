import Foundation
import Testing

/// The ledger keeps each sheet's path as it was when issued; the same output folder reached by
/// another path (a link, a moved or re-mounted data folder) must not lose a recorded sheet.
@Suite("the output folder reached by another path")
struct OutputFolderPathTests {
  @Test("a re-run through a link to the same folder keeps every sheet")
  func aLinkedFolderKeepsTheSheets() throws {
    let sample = try SampleOnDisk(prefix: "paperdiary-linked")
    let real = sample.folder.appendingPathComponent("real")
    let link = sample.folder.appendingPathComponent("link")
    try FileManager.default.createDirectory(
      at: real, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
    func weekly(_ base: URL) throws -> ImportCommandTests.Run {
      try ImportCommandTests.run([
        "weekly", "--store", sample.store, "--out", base.appendingPathComponent("out").path,
        "--now", "2026-11-27 15:00", "--quiet",
      ])
    }

    let first = try weekly(link)
    #expect(first.status == 0, "\(first.stderr)")
    let sheets = real.appendingPathComponent("out/2026-W48/sheets")
    let issued = try FileManager.default.contentsOfDirectory(atPath: sheets.path)
    #expect(!issued.isEmpty)

    let second = try weekly(real)
    #expect(second.status == 0, "\(second.stderr)")
    #expect(second.stdout.contains("0 sheets issued"), "\(second.stdout)")
    let kept = try FileManager.default.contentsOfDirectory(atPath: sheets.path)
    #expect(Set(kept) == Set(issued), "recorded sheets were removed as leftovers")
    let verify = try ImportCommandTests.run(["verify", "--store", sample.store])
    #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
  }
}
