import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// One file of the import set on disk: created `0600` (it must not exist yet) and written with
/// `write(2)` straight from `CSVBuffer`s, a megabyte at a time.
///
/// `marks.csv` runs to millions of rows, so nothing here goes through `String` or `Data`.
final class CSVWriter {
  let path: String
  /// Data rows written so far, the header excluded.
  private(set) var rows = 0
  private var descriptor: Int32
  /// Rows added with `row(_:)`, for the small files.
  private var pending = CSVBuffer()

  /// Creates `name` inside `directory` and writes `header` (none when empty, for a file that
  /// is not a CSV, such as `school.toml`).
  init(directory: URL, name: String, header: [String]) throws {
    path = directory.appendingPathComponent(name).path
    descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
      throw SampleError.io(operation: "create", path: path, reason: CSVWriter.lastError())
    }
    // The umask may only have removed bits; make the mode exactly 0600 either way.
    _ = fchmod(descriptor, 0o600)
    guard !header.isEmpty else { return }
    pending.row(header)
    try write(&pending)
    rows = 0
  }

  deinit {
    if descriptor >= 0 { _ = closeDescriptor(descriptor) }
  }

  /// Adds one record of text fields (nil = empty), for the small files.
  func row(_ fields: [String?]) throws {
    pending.row(fields)
    if pending.isFull { try write(&pending) }
  }

  /// Adds text outside the CSV structure.
  func literal(_ text: String) {
    pending.literal(text)
  }

  /// Writes `buffer`'s bytes and empties it.
  func write(_ buffer: inout CSVBuffer) throws {
    let fd = descriptor
    let path = path
    try buffer.bytes.withUnsafeBytes { raw in
      guard var base = raw.baseAddress else { return }
      var remaining = raw.count
      while remaining > 0 {
        let written = writeDescriptor(fd, base, remaining)
        if written < 0 {
          if errno == EINTR { continue }
          throw SampleError.io(operation: "write", path: path, reason: CSVWriter.lastError())
        }
        remaining -= written
        base += written
      }
    }
    rows += buffer.rows
    buffer.removeAll()
  }

  /// Writes what is pending and closes the file.
  func close() throws {
    try write(&pending)
    let fd = descriptor
    descriptor = -1
    guard closeDescriptor(fd) == 0 else {
      throw SampleError.io(operation: "close", path: path, reason: CSVWriter.lastError())
    }
  }

  static func lastError() -> String {
    String(cString: strerror(errno))
  }
}

/// `close(2)` and `write(2)`, named apart from `CSVWriter`'s own methods so those can call them.
@inline(__always)
private func closeDescriptor(_ fd: Int32) -> Int32 {
  close(fd)
}

@inline(__always)
private func writeDescriptor(_ fd: Int32, _ base: UnsafeRawPointer, _ count: Int) -> Int {
  write(fd, base, count)
}
