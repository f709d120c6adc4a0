/// Everything that can go wrong while drawing a sheet, worded so the line reads on its own.
public enum RenderError: Error, CustomStringConvertible, Sendable {
  /// Cairo refused to create or use an object; `status` is Cairo's own wording.
  case cairo(what: String, status: String)
  /// Pango returned no object where one was required.
  case pango(what: String)
  /// The finished PDF could not be written to `path`; `reason` is the system's wording.
  case write(path: String, reason: String)
  /// A document could not be laid out for another reason, given in words.
  case layout(String)

  public var description: String {
    switch self {
    case .cairo(let what, let status):
      return "rendering: \(what): cairo: \(status)"
    case .pango(let what):
      return "rendering: \(what): pango returned nothing"
    case .write(let path, let reason):
      return "\(path): cannot write the PDF: \(reason)"
    case .layout(let reason):
      return "rendering: \(reason)"
    }
  }
}
