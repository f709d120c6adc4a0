import Foundation
import Testing

@testable import SheetRendering

/// Cairo 1.16 keeps at most ten FreeType faces open in a process and closes one nobody holds to
/// open another, even while another thread is drawing with it. Drawing on two threads with more
/// than ten faces then crashes within seconds, unless the faces are kept open (`FontFaces`).
@Suite("Font faces")
struct FontFaceTests {
  /// Sixteen faces of the Debian fonts a template may name, and the scissors' fallback.
  static let fonts = [
    "PT Sans 9", "PT Sans Bold 9", "PT Sans Italic 9", "PT Sans Narrow 9", "PT Sans Narrow Bold 9",
    "PT Serif 9", "PT Serif Bold 9", "PT Serif Italic 9", "DejaVu Sans 9", "DejaVu Sans Bold 9",
    "DejaVu Sans Condensed 9", "DejaVu Sans Condensed Bold 9", "DejaVu Serif 9",
    "DejaVu Serif Bold 9", "PT Mono 9", "DejaVu Sans Mono 9",
  ]

  /// In a process of its own, since the failure is a crash: two threads, each with its own
  /// font map as in a batch, draw documents that cycle through all sixteen faces.
  @Test("two threads drawing with more than ten faces do not crash")
  func manyFacesOnTwoThreads() async {
    await #expect(processExitsWith: .success) {
      FontFaceTests.exitAfterTwoThreads { try FontFaceTests.draw(seed: $0) }
    }
  }

  /// Faces that only a rare character in a name brings in, drawn on two threads once more than
  /// ten faces are open: Armenian in P052 (from DejaVu Serif, in four faces), "Ǆ" in DejaVu Sans
  /// Mono (Noto Sans Mono, in two), CJK (Droid Sans Fallback) and mathematical letters (DejaVu
  /// Math TeX Gyre). On Debian, the Ghostscript that cups brings in installs all but the last.
  /// Before these faces were locked too, each was one Cairo could close while the other thread
  /// drew with it, and the process crashed within 0.1 s, five runs of five.
  @Test("faces a rare character brings in are kept open too")
  func rareCharactersOnTwoThreads() async {
    await #expect(processExitsWith: .success) {
      do {
        try FontFaceTests.draw(FontFaceTests.paratype, text: "Ok", documents: 1)
      } catch {
        exit(EXIT_FAILURE)
      }
      FontFaceTests.exitAfterTwoThreads { thread in
        let name = ["Ли Сяолун 李小龙 Ա Ǆ", "Иванов 𝔄𝔫𝔫𝔞 Ա Ǆ"][thread]
        try FontFaceTests.draw(FontFaceTests.lackingScripts, text: name, documents: 100)
      }
    }
  }

  /// Runs `draw` with 0 and 1 on two threads of their own, then ends the process: with success
  /// once both are done, with failure as soon as one throws.
  static func exitAfterTwoThreads(_ draw: @escaping @Sendable (Int) throws -> Void) -> Never {
    let finished = DispatchSemaphore(value: 0)
    for index in 0..<2 {
      let thread = Thread {
        do {
          try draw(index)
        } catch {
          exit(EXIT_FAILURE)
        }
        finished.signal()
      }
      // Pango and HarfBuzz recurse deeper than a secondary thread's default 512 KiB allows.
      thread.stackSize = 8 << 20
      thread.start()
    }
    finished.wait()
    finished.wait()
    exit(EXIT_SUCCESS)
  }

  /// Nine faces of `fonts-paratype`, which with their fallback's make more than ten.
  static let paratype = [
    "PT Sans", "PT Sans Bold", "PT Sans Italic", "PT Sans Narrow", "PT Sans Narrow Bold",
    "PT Serif", "PT Serif Bold", "PT Serif Italic", "PT Mono",
  ]

  /// Families whose fallback for a few scripts is a face nothing else here draws with.
  static let lackingScripts = [
    "P052", "P052 Bold", "P052 Italic", "P052 Bold Italic", "DejaVu Sans Mono",
    "DejaVu Sans Mono Bold",
  ]

  /// Documents of `text`, a line in each of `fonts` at a size of the document's own, so that
  /// every document loads its glyphs from their faces again; nothing is written.
  static func draw(_ fonts: [String], text: String, documents: Int) throws {
    for document in 0..<documents {
      let surface = try PDFSurface(path: "rare-\(document).pdf")
      let context = try DrawingContext(surface: surface)
      for (line, font) in fonts.enumerated() {
        let layout = try TextLayout(context: context)
        layout.setFont(try FontDescription("\(font) \(6 + Double(document) / 10)"))
        layout.setText(text)
        layout.draw(x: 20, y: 20 + Double(line) * 12)
      }
      try context.check()
      _ = try surface.finishedBytes()
    }
  }

  /// Documents of sixty lines, each line in the next of `fonts`, from a different start on
  /// each thread; nothing is written.
  static func draw(seed: Int) throws {
    for document in 0..<40 {
      let surface = try PDFSurface(path: "faces-\(seed)-\(document).pdf")
      let context = try DrawingContext(surface: surface)
      for line in 0..<60 {
        let layout = try TextLayout(context: context)
        layout.setFont(
          try FontDescription(fonts[(seed * 7 + document * 3 + line * 5) % fonts.count]))
        layout.setText("Иванов \(document) ✂ \(line) «Ok» — №")
        layout.draw(x: 20, y: 20 + Double(line) * 12)
      }
      try context.check()
      _ = try surface.finishedBytes()
    }
  }
}
