internal import CCrypto
import Foundation

/// SHA-256 (FIPS 180-4), for the digests the ledger keeps of every file it records (R9).
///
/// OpenSSL's digest, which uses the processor's SHA instructions where it has them: a batch
/// hashes every sheet it writes, and portable code took 5 % of the batch.
public final class SHA256 {
  private let context: OpaquePointer

  /// A hash of nothing yet.
  public init() {
    // Allocation fails only when memory is exhausted, where nothing could go on anyway.
    guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1
    else { fatalError("OpenSSL cannot start a SHA-256 digest") }
    self.context = context
  }

  deinit { EVP_MD_CTX_free(context) }

  /// Adds `bytes` to what is hashed.
  public func update(_ bytes: UnsafeRawBufferPointer) {
    guard let base = bytes.baseAddress, bytes.count > 0 else { return }
    EVP_DigestUpdate(context, base, bytes.count)
  }

  /// Adds `bytes` to what is hashed.
  public func update(_ bytes: some ContiguousBytes) {
    bytes.withUnsafeBytes { update($0) }
  }

  /// The 32-byte digest of everything added; the hash is finished after this.
  public func finalize() -> [UInt8] {
    var digest = [UInt8](repeating: 0, count: 32)
    var length: UInt32 = 0
    EVP_DigestFinal_ex(context, &digest, &length)
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
    let hash = SHA256()
    hash.update(bytes)
    return hash.hexDigest()
  }
}
