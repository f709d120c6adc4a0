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
}
