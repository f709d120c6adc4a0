internal import CCairo
import Foundation

/// One PDF document being drawn, owning its `cairo_surface_t`.
///
/// Cairo writes into memory and `finish()` puts the bytes on disk, so a sheet that fails halfway
/// leaves no partial file behind and a bad path is reported where the file is written.
final class PDFSurface {
  /// ISO A4 in PostScript points (210 × 297 mm), the only page size DESIGN §7 allows.
  static let a4 = (width: 595.28, height: 841.89)

  let path: String
  let width: Double
  let height: Double
  let handle: OpaquePointer
  private let sink: ByteSink
  private var isFinished = false

  /// Starts a document of one empty page; nothing touches `path` until `finish()`.
  init(path: String, width: Double = PDFSurface.a4.width, height: Double = PDFSurface.a4.height)
    throws
  {
    let sink = ByteSink()
    let surface = cairo_pdf_surface_create_for_stream(
      { closure, data, length in
        guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
        let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
        sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
        return CAIRO_STATUS_SUCCESS
      },
      Unmanaged.passUnretained(sink).toOpaque(), width, height)
    guard let surface else {
      throw RenderError.cairo(what: "PDF surface for \(path)", status: "nil")
    }
    let status = cairo_surface_status(surface)
    guard status == CAIRO_STATUS_SUCCESS else {
      cairo_surface_destroy(surface)
      throw RenderError.cairo(what: "PDF surface for \(path)", status: Self.text(of: status))
    }
    self.path = path
    self.width = width
    self.height = height
    self.handle = surface
    self.sink = sink
  }

  deinit {
    // `sink` is released only after this body, so Cairo's last writes still have a target.
    cairo_surface_finish(handle)
    cairo_surface_destroy(handle)
  }

  /// The document's creation time as the PDF's metadata gives it (`2026-11-27T15:00:00+05:00`),
  /// so `--now` reaches the file too and a re-made document carries the time it was made for.
  func setCreationDate(_ iso8601: String) {
    cairo_pdf_surface_set_metadata(handle, CAIRO_PDF_METADATA_CREATE_DATE, iso8601)
  }

  /// Ends the current page and starts another of the same size.
  func nextPage() {
    cairo_surface_show_page(handle)
  }

  /// Closes the document and writes it to `path`; throws if Cairo failed or the write did.
  func finish() throws {
    try Self.write(try finishedBytes(), to: path)
  }

  /// Closes the document and hands over its bytes, for a caller that writes them durably
  /// itself; `path` then only names the document in messages.
  func finishedBytes() throws -> [UInt8] {
    if !isFinished {
      isFinished = true
      cairo_surface_finish(handle)
    }
    let status = cairo_surface_status(handle)
    guard status == CAIRO_STATUS_SUCCESS else {
      throw RenderError.cairo(what: "finishing \(path)", status: Self.text(of: status))
    }
    return sink.bytes
  }

  /// Cairo's own sentence for a status, so errors quote the library rather than a number.
  static func text(of status: cairo_status_t) -> String {
    guard let message = cairo_status_to_string(status) else { return "status \(status.rawValue)" }
    return String(cString: message)
  }

  private static func write(_ bytes: [UInt8], to path: String) throws {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw RenderError.write(path: path, reason: errnoText()) }
    var failure: String?
    bytes.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        let written = Foundation.write(
          descriptor, buffer.baseAddress?.advanced(by: offset),
          buffer.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          failure = errnoText()
          return
        }
        offset += written
      }
    }
    if close(descriptor) != 0, failure == nil { failure = errnoText() }
    if let failure { throw RenderError.write(path: path, reason: failure) }
  }

  private static func errnoText() -> String {
    String(cString: strerror(errno))
  }
}

/// Collects what Cairo streams out; a class so the C callback can reach it through a pointer.
private final class ByteSink {
  var bytes: [UInt8] = []
}
