import Foundation

/// Files that are whole or absent after a crash (§5, §7: no lost or doubled sheet).
///
/// A file is written to `<final name>.tmp` in its own folder (0600), synced, and renamed into
/// place; the rename is durable once its folder is synced. A batch writes a group of files,
/// syncs their folder once with `syncFolder`, and only then records their ledger rows, so there
/// is never a row before its file.
public enum DurableFile {
  /// Writes `bytes` to `url` through `<name>.tmp` (a stale one is removed first), syncs it and
  /// renames it over `url`. Call `syncFolder` on the folder before relying on the file.
  public static func write(_ bytes: some ContiguousBytes, to url: URL) throws(PaperDiaryError) {
    let path = url.path
    let temporary = path + ".tmp"
    if unlink(temporary) != 0, errno != ENOENT { throw failure(temporary, "cannot remove") }
    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard fd >= 0 else { throw failure(temporary, "cannot create") }
    var code = bytes.withUnsafeBytes { writeAll(fd, $0) }
    var action = "cannot write"
    if code == 0, fsync(fd) != 0 { (code, action) = (errno, "cannot sync") }
    if close(fd) != 0, code == 0 { (code, action) = (errno, "cannot close") }
    if code == 0, rename(temporary, path) != 0 {
      (code, action) = (errno, "cannot rename to \(url.lastPathComponent)")
    }
    guard code == 0 else {
      unlink(temporary)
      throw failure(temporary, action, code)
    }
  }

  /// A file written piece by piece through `<name>.tmp`, for output too large to hold whole
  /// (a week's manifest): `commit()` syncs it and renames it into place, as `write` does; one
  /// dropped without `commit()` takes its temporary file with it.
  public final class Writer {
    private let url: URL
    private let temporary: String
    private var fd: Int32
    private var buffer: [UInt8] = []
    /// How many bytes were appended.
    private(set) var size: Int64 = 0

    public init(_ url: URL) throws(PaperDiaryError) {
      self.url = url
      temporary = url.path + ".tmp"
      if unlink(temporary) != 0, errno != ENOENT { throw failure(temporary, "cannot remove") }
      fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
      guard fd >= 0 else { throw failure(temporary, "cannot create") }
      buffer.reserveCapacity(1 << 16)
    }

    deinit {
      if fd >= 0 {
        close(fd)
        unlink(temporary)
      }
    }

    public func append(_ text: String) throws(PaperDiaryError) {
      try append(bytes: text.utf8)
    }

    public func append(bytes: some Collection<UInt8>) throws(PaperDiaryError) {
      buffer.append(contentsOf: bytes)
      size += Int64(bytes.count)
      if buffer.count >= 1 << 16 { try flush() }
    }

    /// Appends the bytes `range` of the open file `source`, copied by the kernel (`sendfile`)
    /// without passing through this process.
    public func append(copyOf source: Int32, bytes range: Range<Int64>) throws(PaperDiaryError) {
      try flush()
      var offset = off_t(range.lowerBound)
      var left = Int(range.count)
      while left > 0 {
        let sent = sendfile(fd, source, &offset, left)
        if sent < 0, errno == EINTR { continue }
        guard sent > 0 else {
          throw failure(temporary, "cannot copy", sent == 0 ? EIO : errno)
        }
        left -= sent
      }
      size += Int64(range.count)
    }

    private func flush() throws(PaperDiaryError) {
      let code = buffer.withUnsafeBytes { writeAll(fd, $0) }
      guard code == 0 else { throw failure(temporary, "cannot write", code) }
      buffer.removeAll(keepingCapacity: true)
    }

    /// Puts the file in place and returns its stamp. `durably: false` leaves the data to the
    /// kernel's write-back: for a file derived from the store that the next run checks by its
    /// stamp and writes again when it is not the one recorded. Such a file is swapped with the
    /// one in place (`renameat2` with `RENAME_EXCHANGE`) rather than renamed over it, which on
    /// ext4 would start writing it out at once and hold up every sync that follows.
    @discardableResult
    public func commit(durably: Bool = true) throws(PaperDiaryError) -> FileStamp {
      try flush()
      guard !durably || fsync(fd) == 0 else { throw failure(temporary, "cannot sync") }
      guard let stamp = FileStamp(descriptor: fd) else {
        throw failure(temporary, "cannot read the status of")
      }
      let closed = close(fd)
      fd = -1
      guard closed == 0 else {
        unlink(temporary)
        throw failure(temporary, "cannot close")
      }
      if !durably, DurableFile.exchange(temporary, url.path) {
        // The temporary name now holds the file that was in place.
        unlink(temporary)
        return stamp
      }
      guard rename(temporary, url.path) == 0 else {
        let code = errno
        unlink(temporary)
        throw failure(temporary, "cannot rename to \(url.lastPathComponent)", code)
      }
      return stamp
    }
  }

  /// Swaps two paths atomically (`renameat2(…, RENAME_EXCHANGE)`); false when either is
  /// missing or the call is not there (another C library, a file system without it).
  static func exchange(_ first: String, _ second: String) -> Bool {
    guard let renameat2 else { return false }
    return renameat2(AT_FDCWD, first, AT_FDCWD, second, 2) == 0  // RENAME_EXCHANGE
  }

  /// glibc's `renameat2`, which the Glibc module does not export (it wants `_GNU_SOURCE`).
  private static let renameat2 = GlibcFunction.named(
    "renameat2",
    as: (@convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32)
      .self)

  /// This boot of the machine (`/proc/sys/kernel/random/boot_id`), nil where it cannot be
  /// read: what a file left unsynced is trusted in, since a restart may have taken its data.
  public static let currentBoot: String? = {
    guard
      let text = try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8)
    else { return nil }
    let boot = text.trimmingCharacters(in: .whitespacesAndNewlines)
    return boot.isEmpty ? nil : boot
  }()

  /// A file as `fstat` finds it: enough to tell it from one written or replaced since.
  public struct FileStamp: Hashable, Sendable {
    public let inode: Int64
    public let size: Int64
    /// The modification time in nanoseconds since 1970.
    public let modifiedNanoseconds: Int64

    public init?(descriptor: Int32) {
      var status = stat()
      guard fstat(descriptor, &status) == 0 else { return nil }
      inode = Int64(bitPattern: UInt64(status.st_ino))
      size = Int64(status.st_size)
      modifiedNanoseconds =
        Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
    }
  }

  /// Writes `bytes` to `url` (0600) without syncing it: for a group of files that
  /// `syncFileSystem` makes durable at once before anything names them. A file cut short by a
  /// kill is named by nothing and goes with the next run's leftovers.
  public static func writeUnsynced(_ bytes: some ContiguousBytes, to url: URL)
    throws(PaperDiaryError)
  {
    let path = url.path
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard fd >= 0 else { throw failure(path, "cannot create") }
    var code = bytes.withUnsafeBytes { writeAll(fd, $0) }
    if close(fd) != 0, code == 0 { code = errno }
    guard code == 0 else {
      unlink(path)
      throw failure(path, "cannot write", code)
    }
  }

  /// Replaces the file at `url` with `bytes` through `<name>.tmp` and a rename, without a
  /// sync: a kill mid-write leaves the old file whole (and a `.tmp` for the next run's
  /// leftovers), never a half-written file under the real name. Sync with `syncFiles`.
  public static func replaceUnsynced(_ bytes: some ContiguousBytes, at url: URL)
    throws(PaperDiaryError)
  {
    let temporary = URL(fileURLWithPath: url.path + ".tmp")
    try writeUnsynced(bytes, to: temporary)
    guard rename(temporary.path, url.path) == 0 else {
      let code = errno
      unlink(temporary.path)
      throw failure(temporary.path, "cannot rename to \(url.lastPathComponent)", code)
    }
  }

  /// Makes `files`, written unsynced into `folder`, durable together with their folder entries:
  /// a few files are synced one by one, many at once with `syncFileSystem` (which also flushes
  /// whatever else is waiting on that disk, so it pays only for a group).
  public static func syncFiles(_ files: [URL], in folder: URL) throws(PaperDiaryError) {
    guard files.count <= 4 else { return try syncFileSystem(of: folder) }
    for file in files {
      let fd = open(file.path, O_RDONLY | O_CLOEXEC)
      guard fd >= 0 else { throw failure(file.path, "cannot open") }
      defer { close(fd) }
      guard fsync(fd) == 0 else { throw failure(file.path, "cannot sync") }
    }
    try syncFolder(folder)
  }

  /// Makes everything written on the file system that holds `folder` durable — files and
  /// folder entries alike — with one `syncfs(2)`: a group of files costs one flush, not one
  /// per file. Falls back to `sync(2)` where `syncfs` is missing.
  public static func syncFileSystem(of folder: URL) throws(PaperDiaryError) {
    let fd = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { throw failure(folder.path, "cannot open the folder") }
    defer { close(fd) }
    guard let syncfs = fileSystemSync else {
      sync()
      return
    }
    guard syncfs(fd) == 0 else { throw failure(folder.path, "cannot sync the file system") }
  }

  /// glibc's `syncfs`, which the Glibc module does not export (it is a GNU extension).
  private static let fileSystemSync = GlibcFunction.named(
    "syncfs", as: (@convention(c) (Int32) -> Int32).self)

  /// A file's bytes, read straight into one array (no intermediate `Data`: a week's manifest
  /// is tens of megabytes); nil when it cannot be opened or read.
  static func contents(of path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var status = stat()
    guard fstat(fd, &status) == 0 else { return nil }
    let size = Int(status.st_size)
    var failed = false
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
      guard let base = buffer.baseAddress else { return }
      while count < size {
        let got = read(fd, base + count, size - count)
        if got < 0, errno == EINTR { continue }
        guard got > 0 else {
          failed = got < 0
          break
        }
        count += got
      }
    }
    return failed || bytes.count != size ? nil : bytes
  }

  /// Syncs a folder, which makes the files created in or renamed into it durable.
  public static func syncFolder(_ url: URL) throws(PaperDiaryError) {
    let fd = open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { throw failure(url.path, "cannot open the folder") }
    defer { close(fd) }
    guard fsync(fd) == 0 else { throw failure(url.path, "cannot sync the folder") }
  }

  /// Lowercase hex SHA-256 of `bytes`, as the ledger records it.
  public static func sha256(_ bytes: some ContiguousBytes) -> String { SHA256.hex(of: bytes) }

  /// Lowercase hex SHA-256 of the file at `path`, read in pieces so memory stays flat; nil
  /// when there is no such file.
  public static func sha256(ofFileAt path: String) throws(PaperDiaryError) -> String? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      if errno == ENOENT || errno == ENOTDIR { return nil }
      throw failure(path, "cannot open")
    }
    defer { close(fd) }
    let hash = SHA256()
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if count == 0 { break }
      if count < 0 {
        if errno == EINTR { continue }
        throw failure(path, "cannot read")
      }
      buffer.withUnsafeBytes { hash.update(UnsafeRawBufferPointer(rebasing: $0.prefix(count))) }
    }
    return hash.hexDigest()
  }

  // MARK: - Errors

  /// `<path>: <what>: <errno text>`, an exit-1 failure: the input was fine, the disk was not.
  fileprivate static func failure(
    _ path: String, _ action: String, _ code: Int32 = errno
  ) -> PaperDiaryError {
    PaperDiaryError.system(path, action, code: code)
  }
}

/// Writes all of `bytes` to `fd`, resuming after short writes and signals; 0 or the errno.
private func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
  guard var next = bytes.baseAddress else { return 0 }
  var left = bytes.count
  while left > 0 {
    let count = write(fd, next, left)
    if count < 0 {
      if errno == EINTR { continue }
      return errno
    }
    next += count
    left -= count
  }
  return 0
}
