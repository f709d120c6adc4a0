/// A PDF that the joiner or splitter does not understand — which document, where, and what — so
/// the caller takes its slower, general route instead of writing a guess.
struct PDFUnsupported: Error, CustomStringConvertible {
  let reason: String
  var description: String { reason }
}
