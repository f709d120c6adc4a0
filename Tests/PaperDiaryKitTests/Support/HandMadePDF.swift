/// A PDF written by hand from its objects' text, numbered 1… in order, with a correct classic
/// xref table: small inputs whose every byte a test chooses.
enum HandMadePDF {
  /// `objects[i]` becomes object `i + 1`; `trailer` is what goes inside `<< /Size n … >>`.
  static func text(objects: [String], trailer: String, size: Int? = nil) -> String {
    var text = "%PDF-1.4\n"
    var offsets: [Int] = []
    for (index, object) in objects.enumerated() {
      offsets.append(text.utf8.count)
      text += "\(index + 1) 0 obj\n\(object)\nendobj\n"
    }
    let xref = text.utf8.count
    text += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
    for offset in offsets {
      let digits = String(offset)
      text += String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n"
    }
    text += "trailer\n<< /Size \(size ?? objects.count + 1) \(trailer) >>\n"
    return text + "startxref\n\(xref)\n%%EOF\n"
  }
}
