import Foundation

extension stat {
  /// Whether two `stat` results describe one file: the same device and inode, whatever the
  /// paths that reached it.
  func isSameFile(as other: stat) -> Bool {
    st_dev == other.st_dev && st_ino == other.st_ino
  }
}
