import Foundation

/// Joins whole PDF documents page after page into one, as `qpdf --empty --pages` does, for the
/// documents our own renderer writes (`PDFSource` says which those are).
///
/// Every object but each input's catalog, page tree root and info dictionary is copied as it
/// stands with its references renumbered; stream data is copied byte for byte, never decoded.
/// An object that, renumbered, is byte for byte one already written — the fonts and logo every
/// sheet cut from one batch carries — is written once and shared; pages and what they alone own
/// (contents, annotations) never are. Whatever `PDFSource` does not understand is refused with
/// `Unsupported` rather than guessed at, and the caller joins with qpdf instead.
enum PDFJoin {
  /// An input the joiner does not understand: which document, where, and what.
  typealias Unsupported = PDFUnsupported

  /// The pages of `documents` in order, as one PDF.
  static func join(_ documents: [[UInt8]]) throws(Unsupported) -> [UInt8] {
    guard !documents.isEmpty else { throw Unsupported(reason: "there are no documents to join") }
    var writer = PDFWriter(capacity: documents.reduce(1024) { $0 + $1.count + 64 })
    var written = Written()
    var pages: [Int] = []
    for (index, document) in documents.enumerated() {
      try document.withUnsafeBufferPointer { bytes throws(Unsupported) in
        do throws(Unsupported) {
          let source = try PDFSource(bytes)
          try source.copyAll(into: &writer, sharing: &written, pages: &pages)
        } catch {
          throw Unsupported(
            reason: "document \(index + 1) of \(documents.count): \(error.reason)")
        }
      }
    }
    writer.finish(pages: pages)
    return writer.bytes
  }

  /// The objects written so far that a later one may be shared with, found by the length and
  /// hash of their bodies as written (references renumbered) and confirmed byte for byte.
  fileprivate struct Written {
    private struct Key: Hashable {
      let count: Int
      let hash: Int
    }

    /// Each object's number and where its body lies in the writer's bytes.
    private var objects: [Key: [(number: Int, body: Range<Int>)]] = [:]

    /// The number of an object written before whose body is the bytes of `body`, or nil after
    /// keeping `body` as object `number`'s for the objects after it.
    mutating func earlier(_ body: Range<Int>, of number: Int, in bytes: [UInt8]) -> Int? {
      bytes.withUnsafeBytes { bytes in
        let new = UnsafeRawBufferPointer(rebasing: bytes[body])
        var hasher = Hasher()
        hasher.combine(bytes: new)
        let key = Key(count: body.count, hash: hasher.finalize())
        // A body holds its endobj at the least, so the buffer is never empty.
        guard let base = bytes.baseAddress else { return nil }
        for candidate in objects[key, default: []]
        where memcmp(base + body.lowerBound, base + candidate.body.lowerBound, body.count) == 0 {
          return candidate.number
        }
        objects[key, default: []].append((number, body))
        return nil
      }
    }
  }
}

// MARK: - Copying one document

extension PDFSource {
  /// Appends every object but the catalog, page tree root and info, each after the objects it
  /// refers to, under the writer's next number or under the number of one already written that
  /// it equals once renumbered; and this document's pages to `pages`.
  fileprivate func copyAll(
    into writer: inout PDFWriter, sharing written: inout PDFJoin.Written, pages: inout [Int]
  ) throws(PDFUnsupported) {
    writer.version = max(writer.version, version)
    var objects = [Object?](repeating: nil, count: offsets.count)
    for number in offsets.indices where copied(number) { objects[number] = try object(number) }
    let kept = try pagesOwn()
    var numbers = [Int](repeating: 0, count: offsets.count)
    numbers[pageTree] = PDFWriter.pageTree
    for component in Self.dependencyOrder(objects) {
      let members = component.sorted().compactMap { number in
        objects[number].map { (number: number, object: $0) }
      }
      // Objects on a cycle refer to one another: numbered all before any is written, shared
      // with none.
      if members.count > 1
        || members.contains(where: { member in
          member.object.references.contains { $0.target == member.number }
        })
      {
        for (index, member) in members.enumerated() {
          numbers[member.number] = writer.nextNumber + index
        }
        for member in members {
          try copy(member.number, member.object, numbers: numbers, into: &writer)
        }
        continue
      }
      // The one object of its component, all it refers to written before it.
      for (number, object) in members {
        numbers[number] = writer.nextNumber
        writer.begin(object: numbers[number])
        let start = writer.bytes.count
        try copyBody(number, object, numbers: numbers, into: &writer)
        guard !kept[number],
          let earlier = written.earlier(
            start..<writer.bytes.count, of: numbers[number], in: writer.bytes)
        else { continue }
        writer.removeLastObject()
        numbers[number] = earlier
      }
    }
    pages.append(contentsOf: self.pages.map { numbers[$0] })
  }

  private func copied(_ number: Int) -> Bool {
    offsets[number] >= 0 && number != catalog && number != pageTree && number != info
  }

  /// By number, whether the object is a page or what one page owns directly — its contents
  /// and annotations — and so is never shared, even with an identical one.
  private func pagesOwn() throws(PDFUnsupported) -> [Bool] {
    var own = [Bool](repeating: false, count: offsets.count)
    let lexer = PDFLexer(bytes: bytes, position: 0)
    for page in pages {
      own[page] = true
      guard case .dictionary(let entries) = try Self.value(of: page, offsets: offsets, bytes: bytes)
      else { continue }
      for key: StaticString in ["Contents", "Annots"] {
        switch lexer.lookup(entries, key) {
        case .reference(let number)? where number < own.count: own[number] = true
        case .array(let items)?:
          for case .reference(let number) in items where number < own.count { own[number] = true }
        default: break
        }
      }
    }
    return own
  }

  /// The strongly connected components of the graph of `objects` and their references, each
  /// after every component it refers to (leaves first), found by Tarjan's algorithm without
  /// recursion, from the lowest numbers up.
  private static func dependencyOrder(_ objects: [Object?]) -> [[Int]] {
    var index = [Int](repeating: -1, count: objects.count)
    var low = [Int](repeating: 0, count: objects.count)
    var onStack = [Bool](repeating: false, count: objects.count)
    var stack: [Int] = []
    var components: [[Int]] = []
    var counter = 0
    func visit(_ number: Int) {
      index[number] = counter
      low[number] = counter
      counter += 1
      stack.append(number)
      onStack[number] = true
    }
    for root in objects.indices where objects[root] != nil && index[root] < 0 {
      visit(root)
      // Each object being visited and how many of its references have been followed.
      var path: [(number: Int, next: Int)] = [(root, 0)]
      while let (number, next) = path.last {
        let references = objects[number]?.references ?? []
        if next < references.count {
          path[path.count - 1].next += 1
          let target = references[next].target
          guard target < objects.count, objects[target] != nil else { continue }
          if index[target] < 0 {
            visit(target)
            path.append((target, 0))
          } else if onStack[target] {
            low[number] = min(low[number], index[target])
          }
          continue
        }
        path.removeLast()
        if let parent = path.last?.number { low[parent] = min(low[parent], low[number]) }
        guard low[number] == index[number] else { continue }
        var component: [Int] = []
        repeat {
          let member = stack.removeLast()
          onStack[member] = false
          component.append(member)
        } while component.last != number
        components.append(component)
      }
    }
    return components
  }
}
