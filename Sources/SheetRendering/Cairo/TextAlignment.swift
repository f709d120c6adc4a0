/// How the lines of a `TextLayout` sit within its width.
enum TextAlignment: Sendable {
  case left, center, right
}
