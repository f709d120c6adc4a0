import Foundation
import Testing

@testable import PaperDiaryKit

/// Files written through `<name>.tmp` and renamed (§5), output folders only their owner can
/// open (R9), and errors that name the path and the system's reason.
@Suite("Durable files and output folders")
struct DurableFileTests {
  /// A folder in the system's temporary directory, removed when the test ends.
  final class Scratch {
    let url: URL
    init() throws { url = try OutputFolder.makeTemporary(prefix: "paperdiary-durable-test") }
    deinit { try? FileManager.default.removeItem(at: url) }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
  }

  static func mode(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as? Int ?? -1) & 0o777
  }

  @Test("a file is written 0600 through .tmp, replacing a stale .tmp and an older file")
  func writes() throws {
    let scratch = try Scratch()
    let file = scratch.url.appendingPathComponent("2026-W48-00001.pdf")
    try Data("stale".utf8).write(to: URL(fileURLWithPath: file.path + ".tmp"))
    try DurableFile.write(Array("first".utf8), to: file)
    try DurableFile.write(Data("second".utf8), to: file)
    try DurableFile.syncFolder(scratch.url)
    #expect(try String(contentsOf: file, encoding: .utf8) == "second")
    #expect(try Self.mode(file.path) == 0o600)
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: scratch.url.path) == [
        file.lastPathComponent
      ])
    #expect(
      DurableFile.sha256(Data("second".utf8)) == (try DurableFile.sha256(ofFileAt: file.path)))
    #expect(try DurableFile.sha256(ofFileAt: scratch.path("none.pdf")) == nil)
  }

  @Test("errors name the path and the system's reason")
  func errors() throws {
    let scratch = try Scratch()
    let missing = scratch.url.appendingPathComponent("no-folder")
    do {
      try DurableFile.write([1, 2, 3], to: missing.appendingPathComponent("x.pdf"))
      Issue.record("wrote into a missing folder")
    } catch {
      #expect(error.kind == .failure)
      #expect(error.description.contains(missing.path + "/x.pdf.tmp: cannot create: "))
      #expect(error.description.hasSuffix("No such file or directory"))
    }
    #expect(throws: PaperDiaryError.self) { try DurableFile.syncFolder(missing) }
  }

  @Test("folders are made 0700 and one that others can open is refused with its chmod")
  func folders() throws {
    let scratch = try Scratch()
    let week = scratch.url.appendingPathComponent("out/2026-W48")
    try OutputFolder.ensureFolder(week)
    #expect(try Self.mode(week.path) == 0o700)
    #expect(try Self.mode(scratch.path("out")) == 0o700)
    try OutputFolder.ensureFolder(week)

    #expect(chmod(week.path, 0o755) == 0)
    do {
      try OutputFolder.ensureFolder(week)
      Issue.record("accepted a folder that others can read")
    } catch {
      #expect(error.kind == .badInput && error.exitCode == 2)
      #expect(error.description.contains("`chmod 700 \(week.path)`"))
      #expect(error.description.contains("mode 755"))
    }
    let file = scratch.path("plain")
    #expect(FileManager.default.createFile(atPath: file, contents: Data()))
    #expect(throws: PaperDiaryError.self) {
      try OutputFolder.ensureFolder(URL(fileURLWithPath: file))
    }
  }

  @Test("two paths swap with renameat2(RENAME_EXCHANGE); a missing one is no swap")
  func exchange() throws {
    let scratch = try Scratch()
    try Data("first".utf8).write(to: URL(fileURLWithPath: scratch.path("a")))
    try Data("second".utf8).write(to: URL(fileURLWithPath: scratch.path("b")))
    #expect(DurableFile.exchange(scratch.path("a"), scratch.path("b")))
    #expect(FileManager.default.contents(atPath: scratch.path("a")) == Data("second".utf8))
    #expect(FileManager.default.contents(atPath: scratch.path("b")) == Data("first".utf8))
    #expect(!DurableFile.exchange(scratch.path("a"), scratch.path("missing")))
  }
}
