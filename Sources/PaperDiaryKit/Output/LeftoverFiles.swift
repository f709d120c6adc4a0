import Foundation

/// What a run that died leaves in an output folder (§5): `*.tmp` files, and PDFs that no
/// ledger row names. Removed only by a run that holds the folder's lock.
enum LeftoverFiles {
  /// Removes every `*.tmp` in `folders` and, when `documents` is one of them, every PDF in it
  /// that is not `<issue_id>.pdf` of an id in `recorded` (the ledger's); returns how many
  /// files went.
  ///
  /// PDFs are matched by file name — the issue id, unique in its folder — not by path: the
  /// ledger keeps the path the folder had when the sheet was issued, and the same folder
  /// reached through a link or a new mount point must not make every recorded sheet look
  /// unrecorded.
  @discardableResult
  static func remove(
    in folders: [URL], unrecordedPDFsIn documents: URL? = nil, recorded: Set<String> = []
  ) throws(PaperDiaryError) -> Int {
    var removed = 0
    for folder in folders {
      let names = try Self.names(in: folder)
      let prefix = folder.path + "/"
      let holdsDocuments = folder == documents
      for name in names {
        let path = prefix + name
        let orphan =
          holdsDocuments && name.hasSuffix(".pdf") && !recorded.contains(String(name.dropLast(4)))
        guard name.hasSuffix(".tmp") || orphan else { continue }
        try remove(file: path)
        removed += 1
      }
    }
    return removed
  }

  /// Removes one left-over file; returns whether it was there.
  @discardableResult
  static func remove(file path: String) throws(PaperDiaryError) -> Bool {
    if unlink(path) == 0 { return true }
    guard errno == ENOENT else {
      throw PaperDiaryError(
        .failure, "\(path): cannot remove a left-over file: \(String(cString: strerror(errno)))")
    }
    return false
  }

  /// The names in a folder, read with `readdir` (a week's `sheets/` holds one file a sheet).
  private static func names(in folder: URL) throws(PaperDiaryError) -> [String] {
    guard let directory = opendir(folder.path) else {
      throw PaperDiaryError(
        .failure, "\(folder.path): cannot list the folder: \(String(cString: strerror(errno)))")
    }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names
  }
}
