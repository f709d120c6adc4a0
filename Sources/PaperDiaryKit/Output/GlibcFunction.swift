import Foundation

/// glibc functions that the Glibc module does not export (GNU extensions, `<malloc.h>`), looked
/// up by name when first used.
enum GlibcFunction {
  /// The function `name` as `type` (a `@convention(c)` function type); nil on a C library
  /// without it.
  static func named<Function>(_ name: String, as type: Function.Type) -> Function? {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
    return unsafeBitCast(symbol, to: type)
  }
}
