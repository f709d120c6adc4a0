import Foundation

/// SHA-256 (FIPS 180-4), for the digests the ledger keeps of every file it records (R9).
///
/// Linux has no CryptoKit, and one hash is not worth a swift-crypto dependency: this one hashes
/// in place from the caller's bytes, 64-byte blocks at a time, with no allocation per block.
public struct SHA256: Sendable {
  private var state: [UInt32] = [
    0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a,
    0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
  ]
  /// Bytes of an unfinished block, fewer than 64.
  private var pending: [UInt8] = []
  /// Bytes hashed so far.
  private var length: UInt64 = 0

  /// A hash of nothing yet.
  public init() { pending.reserveCapacity(64) }

  /// Adds `bytes` to what is hashed.
  public mutating func update(_ bytes: UnsafeRawBufferPointer) {
    length &+= UInt64(bytes.count)
    var input = bytes
    if !pending.isEmpty {
      let taken = min(64 - pending.count, input.count)
      pending.append(contentsOf: input.prefix(taken))
      input = UnsafeRawBufferPointer(rebasing: input.dropFirst(taken))
      guard pending.count == 64 else { return }
      let block = pending
      pending.removeAll(keepingCapacity: true)
      block.withUnsafeBytes { Self.compress(&state, $0) }
    }
    let whole = input.count & ~63
    if whole > 0 { Self.compress(&state, UnsafeRawBufferPointer(rebasing: input.prefix(whole))) }
    pending.append(contentsOf: input.dropFirst(whole))
  }

  /// Adds `bytes` to what is hashed.
  public mutating func update(_ bytes: some ContiguousBytes) {
    bytes.withUnsafeBytes { update($0) }
  }

  /// The 32-byte digest of everything added.
  public func finalize() -> [UInt8] {
    var state = state
    var tail = pending
    tail.append(0x80)
    let padded = tail.count <= 56 ? 64 : 128
    tail += [UInt8](repeating: 0, count: padded - 8 - tail.count)
    let bits = length &* 8
    for shift in stride(from: 56, through: 0, by: -8) {
      tail.append(UInt8(truncatingIfNeeded: bits >> shift))
    }
    tail.withUnsafeBytes { Self.compress(&state, $0) }
    var digest: [UInt8] = []
    digest.reserveCapacity(32)
    for word in state {
      for shift in stride(from: 24, through: 0, by: -8) {
        digest.append(UInt8(truncatingIfNeeded: word >> shift))
      }
    }
    return digest
  }

  /// The digest as lowercase hex, as the ledger and manifest keep it.
  public func hexDigest() -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    text.reserveCapacity(64)
    for byte in finalize() {
      text.append(digits[Int(byte >> 4)])
      text.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: text, as: UTF8.self)
  }

  /// Lowercase hex SHA-256 of `bytes`.
  public static func hex(of bytes: some ContiguousBytes) -> String {
    var hash = SHA256()
    hash.update(bytes)
    return hash.hexDigest()
  }

  // MARK: - The compression function

  /// Runs the compression function over `blocks`, whose length is a multiple of 64.
  private static func compress(_ state: inout [UInt32], _ blocks: UnsafeRawBufferPointer) {
    withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
      roundConstants.withUnsafeBufferPointer { k in
        var (h0, h1, h2, h3) = (state[0], state[1], state[2], state[3])
        var (h4, h5, h6, h7) = (state[4], state[5], state[6], state[7])
        var offset = 0
        while offset + 64 <= blocks.count {
          for i in 0..<16 {
            w[i] = UInt32(
              bigEndian: blocks.loadUnaligned(fromByteOffset: offset + 4 * i, as: UInt32.self))
          }
          for i in 16..<64 {
            let (x, y) = (w[i - 15], w[i - 2])
            let s0 = rotate(x, 7) ^ rotate(x, 18) ^ (x &>> 3)
            let s1 = rotate(y, 17) ^ rotate(y, 19) ^ (y &>> 10)
            w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
          }
          var (a, b, c, d, e, f, g, h) = (h0, h1, h2, h3, h4, h5, h6, h7)
          for i in 0..<64 {
            let s1 = rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)
            let choice = (e & f) ^ (~e & g)
            let t1 = h &+ s1 &+ choice &+ k[i] &+ w[i]
            let s0 = rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)
            let majority = (a & b) ^ (a & c) ^ (b & c)
            (h, g, f, e) = (g, f, e, d &+ t1)
            (d, c, b, a) = (c, b, a, t1 &+ s0 &+ majority)
          }
          (h0, h1, h2, h3) = (h0 &+ a, h1 &+ b, h2 &+ c, h3 &+ d)
          (h4, h5, h6, h7) = (h4 &+ e, h5 &+ f, h6 &+ g, h7 &+ h)
          offset += 64
        }
        state = [h0, h1, h2, h3, h4, h5, h6, h7]
      }
    }
  }

  @inline(__always)
  private static func rotate(_ x: UInt32, _ n: UInt32) -> UInt32 { (x &>> n) | (x &<< (32 - n)) }

  private static let roundConstants: [UInt32] = [
    0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4,
    0xab1c_5ed5, 0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe,
    0x9bdc_06a7, 0xc19b_f174, 0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f,
    0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da, 0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7,
    0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967, 0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc,
    0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85, 0xa2bf_e8a1, 0xa81a_664b,
    0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070, 0x19a4_c116,
    0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
    0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7,
    0xc671_78f2,
  ]
}
