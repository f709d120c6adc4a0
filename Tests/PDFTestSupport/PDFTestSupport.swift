import Foundation

/// What the tests of two targets read back from the PDFs they make: poppler's words and their
/// boxes, whitespace-squeezed text, and the command-line tools that produce them.

/// A word of `pdftotext -bbox` output with the left, top and right of its box, in points.
public struct PDFWord: Sendable {
  public let text: String
  public let x0: Double
  public let y0: Double
  public let x1: Double

  public init(text: String, x0: Double, y0: Double, x1: Double) {
    self.text = text
    self.x0 = x0
    self.y0 = y0
    self.x1 = x1
  }
}

public enum PDFText {
  /// The words of `pdftotext -bbox` output, page by page, in its (reading) order.
  public static func words(bbox: String) -> [[PDFWord]] {
    var pages: [[PDFWord]] = []
    for line in bbox.split(separator: "\n") {
      let line = line.trimmingCharacters(in: .whitespaces)
      if line.hasPrefix("<page ") {
        pages.append([])
        continue
      }
      guard line.hasPrefix("<word "), let open = line.range(of: "\">"),
        let close = line.range(of: "</word>", options: .backwards), !pages.isEmpty
      else { continue }
      func number(_ key: String) -> Double {
        guard let start = line.range(of: key + "=\"") else { return 0 }
        return Double(line[start.upperBound...].prefix { $0 != "\"" }) ?? 0
      }
      let text = line[open.upperBound..<close.lowerBound]
        .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
        .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(
          of: "&apos;", with: "'"
        )
        .replacingOccurrences(of: "&amp;", with: "&")
      pages[pages.count - 1].append(
        PDFWord(text: text, x0: number("xMin"), y0: number("yMin"), x1: number("xMax")))
    }
    return pages
  }

  /// Runs of spaces and line breaks as one space, so a phrase can be found across lines.
  public static func squeezed(_ text: String) -> String {
    text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }
}

/// Runs a command-line tool found on `PATH`.
public enum PDFTool {
  public static func run(_ tool: String, _ arguments: [String]) throws -> (
    status: Int32, output: String, errors: String
  ) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    let err = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (
      process.terminationStatus, String(decoding: out, as: UTF8.self),
      String(decoding: err, as: UTF8.self)
    )
  }
}
