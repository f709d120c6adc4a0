/// A 1-based line and column in the parsed text; the column counts Unicode scalars.
struct SourcePosition: Hashable, Sendable {
  let line: Int
  let column: Int
}
