import Foundation
import Testing

@testable import GradeStore

/// What an import set's file may be before it is read (DESIGN §2 "a file over 1 GiB is refused
/// before it is read"): the size that counts is the size of what would be read, so a link is
/// measured by its target, and a pipe or a device, which has no size, is refused outright.
@Suite struct ImportFileReaderTests {
  let folder = FileManager.default.temporaryDirectory
    .appendingPathComponent("import-file-\(UUID().uuidString)", isDirectory: true)

  init() throws {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  /// Cleans up after the test; `Suite` structs have no deinit, so each test calls it.
  func removeFolder() { try? FileManager.default.removeItem(at: folder) }

  func problem(_ url: URL, limit: Int = 1 << 20) -> ImportProblem? {
    do {
      _ = try ImportFileReader.bytes(of: url, name: "marks.csv", limit: limit) {
        ImportProblem(file: "marks.csv", line: 1, message: "too large: \($0)")
      }
      return nil
    } catch {
      return error
    }
  }

  @Test func readsARegularFileWhole() throws {
    defer { removeFolder() }
    let url = folder.appendingPathComponent("marks.csv")
    let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 % 251 + 1) }
    try Data(bytes).write(to: url)
    let read = try ImportFileReader.bytes(of: url, name: "marks.csv", limit: 1 << 20) {
      ImportProblem(file: "marks.csv", line: 1, message: "too large: \($0)")
    }
    #expect(read == bytes)
  }

  @Test func aLinkIsMeasuredByItsTarget() throws {
    defer { removeFolder() }
    let target = folder.appendingPathComponent("big.bin")
    #expect(FileManager.default.createFile(atPath: target.path, contents: nil))
    let handle = try FileHandle(forWritingTo: target)
    try handle.truncate(atOffset: 5000)
    try handle.close()
    let link = folder.appendingPathComponent("marks.csv")
    try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
    #expect(problem(link, limit: 4096)?.message == "too large: 5000")
  }

  @Test func aDeviceIsNotAFile() {
    defer { removeFolder() }
    let problem = problem(URL(fileURLWithPath: "/dev/zero"))
    #expect(problem?.line == 1)
    #expect(problem?.message.hasPrefix("is a pipe, socket or device, not a regular file") == true)
  }

  @Test func aPipeWithNoWriterIsRefusedWithoutWaiting() throws {
    defer { removeFolder() }
    let fifo = folder.appendingPathComponent("marks.csv")
    #expect(mkfifo(fifo.path, 0o600) == 0)
    #expect(problem(fifo)?.message.hasPrefix("is a pipe, socket or device") == true)
  }

  @Test func aFolderIsNotAFile() throws {
    defer { removeFolder() }
    let inner = folder.appendingPathComponent("marks.csv")
    try FileManager.default.createDirectory(at: inner, withIntermediateDirectories: false)
    #expect(problem(inner)?.message.hasPrefix("is a folder, not a regular file") == true)
  }

  @Test func aDanglingLinkCannotBeRead() throws {
    defer { removeFolder() }
    let link = folder.appendingPathComponent("marks.csv")
    try FileManager.default.createSymbolicLink(
      atPath: link.path, withDestinationPath: folder.appendingPathComponent("gone").path)
    #expect(problem(link)?.message == "cannot read the file: No such file or directory")
  }
}
