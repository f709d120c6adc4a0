import Foundation
import Testing

@testable import PaperDiaryKit

/// The SHA-256 the ledger records: FIPS 180-4's vectors, the lengths around the padding
/// boundary, input fed in odd pieces, and a megabyte compared with coreutils' `sha256sum`.
@Suite("SHA-256")
struct SHA256Tests {
  @Test(
    "FIPS 180-4 vectors",
    arguments: [
      ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
      ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
      (
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
      ),
    ])
  func vectors(message: String, digest: String) {
    #expect(SHA256.hex(of: Array(message.utf8)) == digest)
  }

  @Test("a million 'a', fed in pieces that straddle blocks")
  func millionA() {
    let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
    let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
    #expect(SHA256.hex(of: bytes) == expected)
    let hash = SHA256()
    var start = 0
    var piece = 1
    while start < bytes.count {
      let end = min(bytes.count, start + piece)
      hash.update(Array(bytes[start..<end]))
      start = end
      piece = piece * 3 % 1_000 + 1
    }
    #expect(hash.hexDigest() == expected)
  }

  @Test("lengths around the padding boundary and a random megabyte match sha256sum")
  func matchesCoreutils() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("paperdiary-sha-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    var random = SystemRandomNumberGenerator()
    let lengths = [1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1 << 20]
    var files: [(URL, [UInt8])] = []
    for length in lengths {
      let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
      let url = folder.appendingPathComponent("\(length).bin")
      try Data(bytes).write(to: url)
      files.append((url, bytes))
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    process.arguments = files.map(\.0.path)
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let text = String(
      decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let expected = text.split(separator: "\n").map { String($0.prefix(64)) }
    #expect(expected.count == files.count)
    for ((url, bytes), digest) in zip(files, expected) {
      #expect(SHA256.hex(of: bytes) == digest, "\(bytes.count) bytes")
      #expect(try DurableFile.sha256(ofFileAt: url.path) == digest, "\(bytes.count) bytes")
    }
  }
}
