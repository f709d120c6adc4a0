/// How the lines of a block of text sit within its width.
public enum TextAlignment: Hashable, Sendable {
  case left, center, right, justify
}
