import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads one file of an import set whole, after checking what it is and how large.
///
/// The file is opened first and measured through the open descriptor, so the size checked is
/// the size of what is read: a symbolic link is measured by the file it points to (a link to a
/// 2 GB file is refused before a byte is read, not after a gigabyte), and a FIFO or a device
/// such as `/dev/zero`, which never ends or never starts, is refused as not a regular file.
enum ImportFileReader {
  /// The file's bytes; `tooLarge` makes the problem for a file over `limit` bytes.
  static func bytes(
    of url: URL, name: String, limit: Int, tooLarge: (Int) -> ImportProblem
  ) throws(ImportProblem) -> [UInt8] {
    // Non-blocking, so that opening a FIFO with no writer returns and is refused below.
    let fd = open(url.path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard fd >= 0 else { throw cannotRead(name, errno) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw cannotRead(name, errno) }
    let type = info.st_mode & S_IFMT
    guard type == S_IFREG else {
      let what = type == S_IFDIR ? "a folder" : "a pipe, socket or device"
      throw ImportProblem(
        file: name, line: 1,
        message: "is \(what), not a regular file: put the exported file itself in the import set")
    }
    let size = Int(info.st_size)
    if size > limit { throw tooLarge(size) }

    // One spare byte shows whether the file grew after it was measured.
    var failure: Int32?
    var bytes = [UInt8](unsafeUninitializedCapacity: size + 1) { buffer, count in
      count = fill(buffer, from: fd, failure: &failure)
    }
    if let failure { throw cannotRead(name, failure) }
    guard bytes.count > size else { return bytes }
    // It grew: read on in chunks, never past the limit.
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let got = chunk.withUnsafeMutableBufferPointer { fill($0, from: fd, failure: &failure) }
      if let failure { throw cannotRead(name, failure) }
      if got == 0 { return bytes }
      bytes += chunk[..<got]
      if bytes.count > limit { throw tooLarge(bytes.count) }
    }
  }

  /// Reads into `buffer` until it is full or the file ends; returns the bytes read.
  private static func fill(
    _ buffer: UnsafeMutableBufferPointer<UInt8>, from fd: Int32, failure: inout Int32?
  ) -> Int {
    guard let base = buffer.baseAddress else { return 0 }
    var count = 0
    while count < buffer.count {
      let got = read(fd, base + count, buffer.count - count)
      if got > 0 {
        count += got
      } else if got == 0 {
        break
      } else if errno != EINTR {
        failure = errno
        break
      }
    }
    return count
  }

  private static func cannotRead(_ name: String, _ code: Int32) -> ImportProblem {
    ImportProblem(
      file: name, line: 1, message: "cannot read the file: \(String(cString: strerror(code)))")
  }
}
