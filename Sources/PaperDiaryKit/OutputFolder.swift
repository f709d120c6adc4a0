import Foundation

/// Folders PaperDiary writes into: 0700, because they hold pupils' data (R9).
enum OutputFolder {
  /// A new, uniquely named folder in the system's temporary directory.
  static func makeTemporary(prefix: String) throws -> URL {
    let base = FileManager.default.temporaryDirectory.standardizedFileURL.path
    var template = Array("\(base)/\(prefix)-XXXXXX".utf8CString)
    let made = template.withUnsafeMutableBufferPointer { buffer -> Bool in
      guard let base = buffer.baseAddress else { return false }
      return mkdtemp(base) != nil
    }
    guard made else {
      throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: base])
    }
    let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return URL(fileURLWithPath: path)
  }

  /// Makes sure `url` is a folder that only its owner can open (R9). A missing folder is
  /// created 0700, with any missing parents; an existing one that group or others can open is
  /// refused as bad input, naming the `chmod` that fixes it. Call it for `OUT` itself too:
  /// parents that already exist are not checked.
  static func ensureFolder(_ url: URL) throws(PaperDiaryError) {
    let path = url.standardizedFileURL.path
    try create(path)
    var info = stat()
    guard stat(path, &info) == 0 else { throw failure(path, "cannot read the folder") }
    guard info.st_mode & S_IFMT == S_IFDIR else {
      throw PaperDiaryError(.badInput, "\(path): exists and is not a folder; choose another --out")
    }
    let mode = Int(info.st_mode) & 0o777
    guard mode & 0o077 == 0 else {
      throw PaperDiaryError(
        .badInput,
        "\(path): the output folder is open to group or others (mode \(String(mode, radix: 8))); "
          + "protect it with `chmod 700 \(path)` and run again")
    }
  }

  /// `mkdir -p` with mode 0700 for every folder it makes.
  private static func create(_ path: String) throws(PaperDiaryError) {
    if mkdir(path, 0o700) == 0 || errno == EEXIST { return }
    guard errno == ENOENT else { throw failure(path, "cannot create the folder") }
    let parent = (path as NSString).deletingLastPathComponent
    guard parent != path, !parent.isEmpty else { throw failure(path, "cannot create the folder") }
    try create(parent)
    guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
      throw failure(path, "cannot create the folder")
    }
  }

  private static func failure(_ path: String, _ action: String) -> PaperDiaryError {
    PaperDiaryError.system(path, action)
  }
}
