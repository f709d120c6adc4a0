import DiaryRules
import Foundation
import GradeStore

/// The week's manifest.json as the store's mark describes it, opened so that a teacher's sheet
/// can replace one class's entries and have the kernel copy the others (`sendfile`), without
/// reading a file that holds every sheet of the week.
///
/// It is trusted only when it is the very file the mark recorded — inode, size and
/// modification time — and the bytes around the class's entries are where the mark says;
/// otherwise there is none and the manifest is written whole.
final class ManifestInPlace {
  let descriptor: Int32
  let layout: ManifestLayout
  /// The class's entries, from its first `{` to its last `}`.
  let section: Range<Int64>

  /// What `WeekAssembly` puts between two entries, and around them all.
  static let separator = Array(",\n    ".utf8)
  static let opening = Array("[\n    ".utf8)
  static let closing = Array("\n  ]".utf8)

  init?(path: String, layout: ManifestLayout, classID: ClassID) {
    guard let section = layout.classes[classID] else { return nil }
    let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
    guard fd >= 0 else { return nil }
    descriptor = fd
    self.layout = layout
    self.section = section
    guard let stamp = DurableFile.FileStamp(descriptor: fd), stamp.size == layout.size,
      stamp.inode == layout.inode, stamp.modifiedNanoseconds == layout.modifiedNanoseconds,
      holds(Self.opening, endingAt: layout.sheets.lowerBound),
      holds(Self.closing, at: layout.sheets.upperBound),
      section.lowerBound == layout.sheets.lowerBound
        || holds(Self.separator, endingAt: section.lowerBound),
      section.upperBound == layout.sheets.upperBound
        || holds(Self.separator, at: section.upperBound),
      holds(Array("}".utf8), endingAt: section.upperBound),
      startsEntry(of: classID, at: section.lowerBound)
    else {
      // deinit closes the descriptor.
      return nil
    }
  }

  deinit { close(descriptor) }

  /// The entries before the class's, separators excluded; nil when it comes first.
  var before: Range<Int64>? {
    let end = section.lowerBound - Int64(Self.separator.count)
    return end > layout.sheets.lowerBound ? layout.sheets.lowerBound..<end : nil
  }

  /// The entries after the class's, separators excluded; nil when it comes last.
  var after: Range<Int64>? {
    let start = section.upperBound + Int64(Self.separator.count)
    return start < layout.sheets.upperBound ? start..<layout.sheets.upperBound : nil
  }

  private func read(_ count: Int, at offset: Int64) -> [UInt8]? {
    guard offset >= 0 else { return nil }
    var bytes = [UInt8](repeating: 0, count: count)
    let got = bytes.withUnsafeMutableBytes {
      pread(descriptor, $0.baseAddress, count, off_t(offset))
    }
    return got == count ? bytes : nil
  }

  private func holds(_ expected: [UInt8], at offset: Int64) -> Bool {
    read(expected.count, at: offset) == expected
  }

  private func holds(_ expected: [UInt8], endingAt offset: Int64) -> Bool {
    holds(expected, at: offset - Int64(expected.count))
  }

  /// Whether an entry of `classID` starts at `offset`: its `class_id` comes within the first
  /// few hundred bytes, after the ids that precede it.
  private func startsEntry(of classID: ClassID, at offset: Int64) -> Bool {
    let count = Int(min(1024, section.upperBound - offset))
    guard let head = read(count, at: offset), head.starts(with: Array(#"{"issue_id":"#.utf8))
    else { return false }
    let key =
      Array(#""class_id":"#.utf8)
      + Array(
        JSONValue.string(classID.rawValue).rendered(pretty: false).utf8)
    return head.firstRange(of: key) != nil
  }
}
