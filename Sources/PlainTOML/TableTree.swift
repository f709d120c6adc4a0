/// The tables of a document while it is being read: mutable builders addressed by index,
/// which enforce TOML's rules on defining tables and are frozen into `TOMLTable`s at the end.
///
/// The rules (TOML 1.0, as tomli and toml-test read them): a `[header]` defines a table once;
/// tables that a header only passes through (`a` in `[a.b]`) may be defined later; dotted keys
/// may extend a table only within the section that created it and never one defined by a
/// header; inline tables and arrays are closed once written; `[[name]]` appends a table to an
/// array of tables and later headers below `name` go into its last element.
struct TableTree {
  /// How a table came to exist, which decides what may still be added to it.
  enum Origin {
    case root
    /// Passed through by a header path; a later header may still define it.
    case implicit
    case header
    case dotted
    case arrayElement
    case inline
  }

  /// What a key holds while the document is being read.
  enum Slot {
    /// A finished value: a scalar, an array or an inline table, none of which can grow.
    case value(TOMLNode)
    case table(Int)
    case tableArray([Int])
  }

  struct Entry {
    var slot: Slot
    var position: SourcePosition
  }

  struct Builder {
    var origin: Origin
    /// The section (header or inline table) in which the table was created or defined.
    var section: Int
    let depth: Int
    let parent: Int?
    let name: String
    /// Where the table's value starts: its header's `[`, its inline `{`, or its key.
    var position: SourcePosition
    var keys: [String] = []
    var entries: [String: Entry] = [:]
  }

  /// One part of a dotted key, with where it was written.
  struct KeyPart {
    let name: String
    let position: SourcePosition
  }

  static let rootID = 0

  private var builders = [
    Builder(
      origin: .root, section: 0, depth: 0, parent: nil, name: "",
      position: SourcePosition(line: 1, column: 1))
  ]
  private let maxDepth: Int

  init(maxDepth: Int) {
    self.maxDepth = maxDepth
  }

  /// How many builders exist; a mark for `discard(from:)`.
  var count: Int { builders.count }

  func depth(of table: Int) -> Int { builders[table].depth }

  // MARK: - Key/value pairs

  /// Stores `key = value` in `table`, creating the tables a dotted key names.
  mutating func assign(
    _ key: [KeyPart], _ value: TOMLNode, in table: Int, section: Int
  ) throws(TOMLError) {
    guard let last = key.last else { return }
    var current = table
    for part in key.dropLast() {
      current = try dottedChild(part, of: current, section: section)
    }
    if let existing = builders[current].entries[last.name] {
      let name = Self.display(key.map(\.name))
      throw TOMLError(
        last.position, "duplicate key '\(name)' (first at line \(existing.position.line))")
    }
    insert(last.name, .value(value), at: last.position, into: current)
  }

  private mutating func dottedChild(
    _ part: KeyPart, of parent: Int, section: Int
  ) throws(TOMLError) -> Int {
    guard let entry = builders[parent].entries[part.name] else {
      return try addTable(
        part.name, origin: .dotted, under: parent, section: section, position: part.position,
        keyPosition: part.position)
    }
    let path = self.path(of: parent, appending: part.name)
    switch entry.slot {
    case .table(let id):
      switch builders[id].origin {
      case .implicit:
        builders[id].origin = .dotted
        builders[id].section = section
        return id
      case .dotted where builders[id].section == section:
        return id
      case .dotted:
        throw TOMLError(
          part.position,
          "table '\(path)' was made with dotted keys at line \(entry.position.line), "
            + "in another section; it cannot be extended here")
      case .root, .header, .arrayElement, .inline:
        throw TOMLError(
          part.position,
          "table [\(path)] is defined by its header at line \(builders[id].position.line); "
            + "write this key under that header instead")
      }
    case .tableArray:
      throw TOMLError(
        part.position,
        "'\(path)' is an array of tables (line \(entry.position.line)); "
          + "dotted keys cannot add to it")
    case .value(let node):
      throw Self.notATable(node, path: path, at: part.position, keyLine: entry.position.line)
    }
  }

  // MARK: - Headers

  /// Opens `[path]`, defining the table or an implicit table of that name, and returns it.
  mutating func openTable(
    _ path: [KeyPart], header: SourcePosition, section: Int
  ) throws(TOMLError) -> Int {
    guard let last = path.last else { return Self.rootID }
    let parent = try walk(path.dropLast(), section: section)
    let name = self.path(of: parent, appending: last.name)
    guard let entry = builders[parent].entries[last.name] else {
      return try addTable(
        last.name, origin: .header, under: parent, section: section, position: header,
        keyPosition: last.position)
    }
    switch entry.slot {
    case .table(let id):
      switch builders[id].origin {
      case .implicit:
        builders[id].origin = .header
        builders[id].section = section
        builders[id].position = header
        builders[parent].entries[last.name]?.position = last.position
        return id
      case .dotted:
        throw TOMLError(
          header,
          "table [\(name)] was already made with dotted keys at line \(entry.position.line)")
      case .root, .header, .arrayElement, .inline:
        throw TOMLError(
          header,
          "table [\(name)] is defined twice (first at line \(builders[id].position.line))")
      }
    case .tableArray:
      throw TOMLError(
        header,
        "[\(name)] is an array of tables (line \(entry.position.line)); "
          + "write [[\(name)]] to add a table to it")
    case .value(let node):
      throw Self.notATable(node, path: name, at: header, keyLine: entry.position.line)
    }
  }

  /// Opens `[[path]]`: appends a new table to that array of tables and returns it.
  mutating func appendArrayElement(
    _ path: [KeyPart], header: SourcePosition, section: Int
  ) throws(TOMLError) -> Int {
    guard let last = path.last else { return Self.rootID }
    let parent = try walk(path.dropLast(), section: section)
    let name = self.path(of: parent, appending: last.name)
    guard let entry = builders[parent].entries[last.name] else {
      let id = try newBuilder(
        .arrayElement, under: parent, name: last.name, section: section, position: header)
      insert(last.name, .tableArray([id]), at: last.position, into: parent)
      return id
    }
    switch entry.slot {
    case .tableArray(var elements):
      let id = try newBuilder(
        .arrayElement, under: parent, name: last.name, section: section, position: header)
      // Drop the stored copy first so that appending does not copy the whole list.
      builders[parent].entries[last.name]?.slot = .tableArray([])
      elements.append(id)
      builders[parent].entries[last.name]?.slot = .tableArray(elements)
      return id
    case .table:
      throw TOMLError(
        header,
        "[\(name)] is already a table (line \(entry.position.line)); "
          + "it cannot also be an array of tables")
    case .value(let node):
      if case .array = node.value {
        throw TOMLError(
          header,
          "'\(name)' is an array written at line \(entry.position.line); "
            + "[[\(name)]] cannot add to it")
      }
      throw Self.notATable(node, path: name, at: header, keyLine: entry.position.line)
    }
  }

  /// Follows the leading parts of a header path, creating implicit tables and entering the
  /// last element of arrays of tables.
  private mutating func walk(
    _ parts: ArraySlice<KeyPart>, section: Int
  ) throws(TOMLError) -> Int {
    var current = Self.rootID
    for part in parts {
      guard let entry = builders[current].entries[part.name] else {
        current = try addTable(
          part.name, origin: .implicit, under: current, section: section,
          position: part.position, keyPosition: part.position)
        continue
      }
      switch entry.slot {
      case .table(let id):
        current = id
      case .tableArray(let elements):
        guard let lastElement = elements.last else { return current }
        current = lastElement
      case .value(let node):
        let path = self.path(of: current, appending: part.name)
        throw Self.notATable(node, path: path, at: part.position, keyLine: entry.position.line)
      }
    }
    return current
  }

  // MARK: - Inline tables

  /// A new, detached table for an inline `{ ... }` value at nesting `depth`.
  mutating func makeInlineTable(
    at position: SourcePosition, depth: Int, section: Int
  ) -> Int {
    builders.append(
      Builder(
        origin: .inline, section: section, depth: depth, parent: nil, name: "",
        position: position))
    return builders.count - 1
  }

  /// Forgets the builders from `mark` on, once an inline table has been frozen.
  mutating func discard(from mark: Int) {
    guard mark > Self.rootID, mark < builders.count else { return }
    builders.removeSubrange(mark...)
  }

  // MARK: - Freezing

  /// The finished table; recursion is bounded by the nesting cap.
  func freeze(_ id: Int) -> TOMLTable {
    let builder = builders[id]
    var entries: [String: TOMLTable.Entry] = [:]
    entries.reserveCapacity(builder.keys.count)
    for key in builder.keys {
      guard let entry = builder.entries[key] else { continue }
      let node: TOMLNode
      switch entry.slot {
      case .value(let value):
        node = value
      case .table(let child):
        node = tableNode(child)
      case .tableArray(let elements):
        let start = elements.first.map { builders[$0].position } ?? entry.position
        node = TOMLNode(
          value: .array(elements.map { tableNode($0) }), line: start.line, column: start.column)
      }
      entries[key] = TOMLTable.Entry(
        node: node, line: entry.position.line, column: entry.position.column)
    }
    return TOMLTable(keys: builder.keys, entries: entries)
  }

  private func tableNode(_ id: Int) -> TOMLNode {
    let position = builders[id].position
    return TOMLNode(value: .table(freeze(id)), line: position.line, column: position.column)
  }

  // MARK: - Building blocks

  private mutating func addTable(
    _ name: String, origin: Origin, under parent: Int, section: Int,
    position: SourcePosition, keyPosition: SourcePosition
  ) throws(TOMLError) -> Int {
    let id = try newBuilder(origin, under: parent, name: name, section: section, position: position)
    insert(name, .table(id), at: keyPosition, into: parent)
    return id
  }

  private mutating func newBuilder(
    _ origin: Origin, under parent: Int, name: String, section: Int, position: SourcePosition
  ) throws(TOMLError) -> Int {
    let depth = builders[parent].depth + 1
    guard depth <= maxDepth else {
      throw TOMLError(position, "tables nest too deeply (more than \(maxDepth) levels)")
    }
    builders.append(
      Builder(
        origin: origin, section: section, depth: depth, parent: parent, name: name,
        position: position))
    return builders.count - 1
  }

  private mutating func insert(
    _ name: String, _ slot: Slot, at position: SourcePosition, into table: Int
  ) {
    builders[table].keys.append(name)
    builders[table].entries[name] = Entry(slot: slot, position: position)
  }

  /// The dotted path of a table's child, from the root (or from the enclosing inline table).
  private func path(of table: Int, appending name: String) -> String {
    var names = [name]
    var current = table
    while let parent = builders[current].parent {
      names.append(builders[current].name)
      current = parent
    }
    return Self.display(names.reversed())
  }

  private static func notATable(
    _ node: TOMLNode, path: String, at position: SourcePosition, keyLine: Int
  ) -> TOMLError {
    switch node.value {
    case .table:
      TOMLError(
        position,
        "'\(path)' is an inline table (line \(keyLine)), which cannot be extended afterwards")
    default:
      TOMLError(
        position,
        "'\(path)' already holds \(node.typeName) (line \(keyLine)); it cannot also be a table")
    }
  }

  /// A key path as a person would write it: bare parts as they are, others in quotes.
  static func display(_ names: some Sequence<String>) -> String {
    names.map { name in
      if !name.isEmpty, name.utf8.allSatisfy(\.isBareKeyByte) { return name }
      var quoted = "\""
      for scalar in name.unicodeScalars {
        switch scalar {
        case "\"": quoted += "\\\""
        case "\\": quoted += "\\\\"
        default: quoted.unicodeScalars.append(scalar)
        }
      }
      return quoted + "\""
    }.joined(separator: ".")
  }
}
