import Foundation
import Testing

@testable import PaperDiaryKit

/// The glibc functions found by name: present on Debian's glibc, absent when misspelt.
@Suite("glibc functions looked up by name")
struct GlibcFunctionTests {
  @Test func theFunctionsWeUseAreFound() {
    #expect(GlibcFunction.named("syncfs", as: (@convention(c) (Int32) -> Int32).self) != nil)
    #expect(GlibcFunction.named("malloc_trim", as: (@convention(c) (Int) -> Int32).self) != nil)
    #expect(
      GlibcFunction.named(
        "renameat2",
        as: (@convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32)
          -> Int32).self) != nil)
    #expect(GlibcFunction.named("no_such_function", as: (@convention(c) () -> Void).self) == nil)
  }
}
