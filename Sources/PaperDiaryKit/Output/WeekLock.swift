import Foundation

/// The locks a run that issues holds (§5, §7), each an exclusive `flock`, so that two runs
/// started together issue each document once. Under them a run may treat every reservation
/// and temporary file of the week as left by a run that died. The kernel drops a lock when its
/// descriptor is closed, the process included.
///
/// A run takes three, in this order:
/// - the store's lock on its data (`<store>.data.lock`), shared: runs that issue hold it for
///   their whole run, and an import or a registry entry holds it alone, so that every document
///   of a run, and the import its ledger rows name, come from one import. Its file goes with
///   its last holder.
/// - the store's lock on the week (`<store>.<week>.lock`, or `<store>.notices.lock`), which
///   keeps apart runs of one week whatever `--out` they were given. A run checks which folder
///   the week belongs to only under it. The file goes when the lock is released, so the
///   store's folder holds only the store between runs.
/// - the output folder's lock (`OUT/<week>/.lock`), which keeps apart runs of two stores
///   pointed at one folder. It stays between runs, unless the run that made the folder left
///   nothing in it.
public final class WeekLock {
  /// The lock file.
  public let path: String
  private var descriptor: Int32
  private let removesFile: Bool
  private let shared: Bool

  private init(path: String, descriptor: Int32, removesFile: Bool, shared: Bool) {
    self.path = path
    self.descriptor = descriptor
    self.removesFile = removesFile
    self.shared = shared
  }

  deinit { release() }

  /// Takes the store's lock on `scope` (a week such as `2026-W48`, or `notices`) of the store
  /// at `store`, the same for every path that reaches it through a symbolic link. When another
  /// run holds it, says so once through `onWait` and waits.
  public static func acquire(
    store: String, scope: String, onWait: (String) -> Void
  ) throws(PaperDiaryError) -> WeekLock {
    try acquire(path: "\(try realPath(store)).\(scope).lock", removesFile: true) {
      onWait(
        "another paperdiary run is issuing \(scope) from this store (\(store)); "
          + "waiting for it to finish")
    }
  }

  /// Takes the store's lock on its data: shared for a run that issues, alone for one that
  /// changes the data (`changing`: an import, a registry entry). When a run holds it the other
  /// way, says so once through `onWait` and waits.
  public static func acquireData(
    store: String, changing: Bool, onWait: (String) -> Void
  ) throws(PaperDiaryError) -> WeekLock {
    let path = "\(try realPath(store)).data.lock"
    return try acquire(path: path, removesFile: true, shared: !changing) {
      onWait(
        changing
          ? "another paperdiary run is using this store (\(store)); "
            + "waiting for it to finish before changing it"
          : "this store (\(store)) is being changed by an import or a registry entry; "
            + "waiting for it to finish")
    }
  }

  /// The store's path with symbolic links resolved, so every path to it names one lock.
  private static func realPath(_ store: String) throws(PaperDiaryError) -> String {
    guard let resolved = realpath(store, nil) else {
      throw PaperDiaryError.system(store, "cannot find the store")
    }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// Takes the lock of `folder` (`OUT/<week>`), creating the folder (0700) and the lock file
  /// (0600) when missing. When another run holds it, says so once through `onWait` and waits.
  /// A run that made the folder and failed takes it away, lock file first (`HeldWeekFolder`):
  /// a run that waited on it then makes the folder again and takes the new file.
  public static func acquire(
    folder: URL, onWait: (String) -> Void
  ) throws(PaperDiaryError) -> WeekLock {
    let path = folder.appendingPathComponent(".lock").path
    return try acquire(path: path, removesFile: false, in: folder) {
      onWait(
        "another paperdiary run holds \(folder.lastPathComponent) (\(path)); "
          + "waiting for it to finish")
    }
  }

  /// Lets the next run in; releasing twice is harmless. A lock file that goes is unlinked
  /// while still locked: a run waiting on it then finds the path gone and takes a new one. A
  /// shared lock's file goes only with its last holder, the one that can take it alone.
  public func release() {
    guard descriptor >= 0 else { return }
    if removesFile && (!shared || flock(descriptor, LOCK_EX | LOCK_NB) == 0) { unlink(path) }
    close(descriptor)
    descriptor = -1
  }

  /// Locks the file at `path`, made in `folder` (made too) when given.
  private static func acquire(
    path: String, removesFile: Bool, shared: Bool = false, in folder: URL? = nil,
    onWait: () -> Void
  ) throws(PaperDiaryError) -> WeekLock {
    let operation = shared ? LOCK_SH : LOCK_EX
    var waited = false
    while true {
      if let folder { try OutputFolder.ensureFolder(folder) }
      let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
      guard fd >= 0 else {
        // The folder went, with the lock of a run that failed, since it was made above.
        if folder != nil && errno == ENOENT { continue }
        throw PaperDiaryError.system(path, "cannot open the lock file")
      }
      if flock(fd, operation | LOCK_NB) != 0 {
        guard errno == EWOULDBLOCK else { throw failure(path, closing: fd) }
        if !waited { onWait() }
        waited = true
        while flock(fd, operation) != 0 {
          guard errno == EINTR else { throw failure(path, closing: fd) }
        }
      }
      // The file may have been released and unlinked by its holder between our open and our
      // lock; then the lock is on a file nobody else will open, and the run starts over.
      guard isStill(fd, at: path) else {
        close(fd)
        continue
      }
      return WeekLock(path: path, descriptor: fd, removesFile: removesFile, shared: shared)
    }
  }

  private static func isStill(_ fd: Int32, at path: String) -> Bool {
    var held = stat()
    var named = stat()
    guard fstat(fd, &held) == 0, stat(path, &named) == 0 else { return false }
    return held.isSameFile(as: named)
  }

  private static func failure(_ path: String, closing fd: Int32) -> PaperDiaryError {
    let error = PaperDiaryError.system(path, "cannot lock")
    close(fd)
    return error
  }
}
