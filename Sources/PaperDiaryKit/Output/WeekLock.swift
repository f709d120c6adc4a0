import Foundation

/// The lock a run holds on one week's output folder (§5): an exclusive `flock` on
/// `OUT/<week>/.lock`, so that two batches started together issue each sheet once (§7).
///
/// Under it a run may treat every reservation and temporary file of the week as left by a run
/// that died. The kernel drops the lock when the descriptor is closed, the process included.
public final class WeekLock {
  /// The lock file.
  public let path: String
  private var descriptor: Int32

  private init(path: String, descriptor: Int32) {
    self.path = path
    self.descriptor = descriptor
  }

  deinit { release() }

  /// Takes the lock of `folder` (`OUT/<week>`), creating the folder (0700) and the lock file
  /// (0600) when missing. When another run holds it, says so once through `onWait` and waits.
  public static func acquire(
    folder: URL, onWait: (String) -> Void
  ) throws(PaperDiaryError) -> WeekLock {
    try OutputFolder.ensureFolder(folder)
    let path = folder.appendingPathComponent(".lock").path
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard fd >= 0 else { throw failure(path, "cannot open the lock file") }
    if flock(fd, LOCK_EX | LOCK_NB) != 0 {
      guard errno == EWOULDBLOCK else {
        let error = failure(path, "cannot lock")
        close(fd)
        throw error
      }
      onWait(
        "another paperdiary run holds \(folder.lastPathComponent) (\(path)); "
          + "waiting for it to finish")
      while flock(fd, LOCK_EX) != 0 {
        guard errno == EINTR else {
          let error = failure(path, "cannot lock")
          close(fd)
          throw error
        }
      }
    }
    return WeekLock(path: path, descriptor: fd)
  }

  /// Lets the next run in; releasing twice is harmless.
  public func release() {
    guard descriptor >= 0 else { return }
    close(descriptor)
    descriptor = -1
  }

  private static func failure(_ path: String, _ action: String) -> PaperDiaryError {
    PaperDiaryError.system(path, action)
  }
}
