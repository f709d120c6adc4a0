import Foundation

/// What a run that died leaves in an output folder (§5): `*.tmp` files, and PDFs that no
/// ledger row names. Removed only by a run that holds the folder's lock.
enum LeftoverFiles {
  /// Removes every `*.tmp` in `folders` and every PDF in `documents` that is not in
  /// `recorded` (the ledger's paths); returns how many files went.
  ///
  /// PDFs are matched by file name — the issue id, unique in its folder — not by path: the
  /// ledger keeps the path the folder had when the sheet was issued, and the same folder
  /// reached through a link or a new mount point must not make every recorded sheet look
  /// unrecorded.
  @discardableResult
  static func remove(in folders: [URL], unrecordedPDFsIn documents: URL, recorded: Set<String>)
    throws(PaperDiaryError) -> Int
  {
    let recordedNames = Set(recorded.map { URL(fileURLWithPath: $0).lastPathComponent })
    var removed = 0
    for folder in folders {
      let names: [String]
      do {
        names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      } catch {
        throw PaperDiaryError(.failure, "\(folder.path): cannot list the folder: \(error)")
      }
      let prefix = folder.path + "/"
      let holdsDocuments = folder == documents
      for name in names {
        let path = prefix + name
        let orphan = holdsDocuments && name.hasSuffix(".pdf") && !recordedNames.contains(name)
        guard name.hasSuffix(".tmp") || orphan else { continue }
        guard unlink(path) == 0 || errno == ENOENT else {
          throw PaperDiaryError(
            .failure,
            "\(path): cannot remove a left-over file: \(String(cString: strerror(errno)))")
        }
        removed += 1
      }
    }
    return removed
  }
}
