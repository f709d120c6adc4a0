/// Pango markup helpers: everything that came from the store is escaped before it joins markup.
enum Markup {
  static func escape(_ text: String) -> String {
    var escaped = ""
    escaped.reserveCapacity(text.count)
    for character in text {
      switch character {
      case "&": escaped += "&amp;"
      case "<": escaped += "&lt;"
      case ">": escaped += "&gt;"
      case "\"": escaped += "&quot;"
      case "'": escaped += "&apos;"
      default: escaped.append(character)
      }
    }
    return escaped
  }

  static func bold(_ text: String) -> String { "<b>" + escape(text) + "</b>" }

  /// «Label: **value**», the way the sheet's head reads.
  static func labelled(_ label: String, _ value: String) -> String {
    escape(label) + ": <b>" + escape(value) + "</b>"
  }
}
