import Foundation

/// What a run that died leaves in an output folder (§5): `*.tmp` files, and PDFs that no
/// ledger row names. Removed only by a run that holds the folder's lock.
enum LeftoverFiles {
  /// Removes every `*.tmp` in `folders` and every PDF in `documents` that is not in
  /// `recorded` (absolute paths); returns how many files went.
  @discardableResult
  static func remove(in folders: [URL], unrecordedPDFsIn documents: URL, recorded: Set<String>)
    throws(PaperDiaryError) -> Int
  {
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
        let orphan = holdsDocuments && name.hasSuffix(".pdf") && !recorded.contains(path)
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
