import Foundation

/// The sheets of a manifest.json as `WeekAssembly` writes them — one entry a line inside
/// `"sheets": [ … ]` — found without parsing the JSON, so that a teacher's single sheet can
/// replace one class's lines of a week of any size. Anything of another shape is nil: the
/// caller then writes the manifest whole.
struct ManifestLines {
  /// Each entry's JSON (no indentation, no comma), in the file's order.
  let entries: [Range<Int>]

  init?(_ bytes: [UInt8]) {
    let open = Array(#""sheets": ["#.utf8)
    guard let start = Self.find(open, in: bytes[...]) else { return nil }
    var position = start + open.count
    guard position < bytes.count else { return nil }
    if bytes[position] == UInt8(ascii: "]") {
      entries = []
      return
    }
    let indent = Array("    {".utf8)
    let close = Array("  ]".utf8)
    var entries: [Range<Int>] = []
    guard bytes[position] == UInt8(ascii: "\n") else { return nil }
    position += 1
    while true {
      guard let end = Self.lineEnd(bytes, from: position) else { return nil }
      let line = bytes[position..<end]
      if line.starts(with: close) { break }
      guard line.starts(with: indent), let last = line.last else { return nil }
      let more = last == UInt8(ascii: ",")
      let entry = (position + 4)..<(more ? end - 1 : end)
      guard bytes[entry].last == UInt8(ascii: "}") else { return nil }
      entries.append(entry)
      position = end + 1
      // The line after the last entry closes the array.
      if !more {
        guard let closing = Self.lineEnd(bytes, from: position),
          bytes[position..<closing].starts(with: close)
        else { return nil }
        break
      }
    }
    self.entries = entries
  }

  /// The `class_id` of an entry as its JSON string, quotes included; nil when it has none.
  static func classID(of entry: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
    let key = Array(#""class_id":""#.utf8)
    guard let found = find(key, in: entry) else { return nil }
    let start = found + key.count - 1
    var index = start + 1
    while index < entry.endIndex {
      switch entry[index] {
      case UInt8(ascii: "\\"): index += 2
      case UInt8(ascii: "\""): return entry[start...index]
      default: index += 1
      }
    }
    return nil
  }

  /// Where `needle` (not empty) first starts in `haystack`, as an index of `haystack`.
  private static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
    let offset = haystack.withUnsafeBytes { buffer -> Int? in
      needle.withUnsafeBytes { pattern -> Int? in
        guard let base = buffer.baseAddress, let needle = pattern.baseAddress,
          let first = pattern.first, buffer.count >= pattern.count
        else { return nil }
        var from = 0
        let last = buffer.count - pattern.count
        while from <= last,
          let hit = memchr(base + from, Int32(first), last - from + 1)
        {
          let at = UnsafeRawPointer(hit) - base
          if memcmp(hit, needle, pattern.count) == 0 { return at }
          from = at + 1
        }
        return nil
      }
    }
    return offset.map { haystack.startIndex + $0 }
  }

  /// The index of the next line feed from `start`.
  private static func lineEnd(_ bytes: [UInt8], from start: Int) -> Int? {
    guard start < bytes.count else { return nil }
    return bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress,
        let hit = memchr(base + start, 0x0A, buffer.count - start)
      else { return nil }
      return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
    }
  }
}
