internal import CCairo
import Synchronization

/// Keeps open, for the rest of the process, the FreeType faces a font draws with.
///
/// Cairo 1.16 keeps at most ten faces open in a process (`MAX_OPEN_FACES` in cairo-ft-font.c).
/// To open an eleventh it closes one that nobody holds locked, without regard to another thread
/// that is drawing with it at that moment, and that thread then reads a freed face: with more
/// than ten faces on two threads the process crashes within seconds (`FontFaceTests`). A
/// template names three families and a fallback, each drawn regular and bold, and the tests draw
/// with two templates at once, so more than ten is ordinary; a name in a script the template's
/// families lack brings in more.
///
/// A face locked through `cairo_ft_scaled_font_lock_face` is never closed. So before a layout is
/// given a text, every face that text draws with is locked, once per process: Pango measures
/// glyphs through Cairo, so a face is in use from the first measurement, and locking after it
/// was not enough (the test still crashed in five runs of twenty).
///
/// - The first time a font is used (by description without the size, since a face draws every
///   size), its first face is locked, and the faces its fallback brings for the letters and
///   signs documents draw.
/// - A text's characters that the first face has need nothing more: Pango draws them with it.
/// - Any other character is looked up as Pango's itemizer looks it up: in the fontset of each
///   language Pango derives from the scripts of the text, and in the "emoji" family's when the
///   text has an emoji. The faces found are locked. Each character is looked up once per
///   `FontDescription`, language and family.
enum FontFaces {
  /// The faces locked, each once; and for each font the characters of its first face (a
  /// `PangoCoverage`, kept for the rest of the process; 0 when the font's family is missing, so
  /// that fontconfig's stand-in may change with the language), by description without the size.
  private struct Kept {
    var faces: Set<UInt> = []
    var coverages: [String: UInt] = [:]
  }

  private static let kept = Mutex(Kept())

  /// Letters, digits and the signs the documents draw; the scissors and the check boxes come
  /// from the fallback in most families.
  private static let sample = "Жжz7«»—–…·№→↑↓✂☒☐✓≥±×²"

  /// What one font, or its bold, has met. Owned by one `FontDescription`, which one thread uses
  /// at a time.
  struct Seen {
    fileprivate var started = false
    /// The characters of the font's first face.
    fileprivate var coverage: OpaquePointer?
    /// The characters met, and those of them the first face lacks.
    private var met = Characters()
    private var lacking = Characters()
    /// The characters looked up so far, by language and family (`search(_:emoji:)`).
    fileprivate var lookedUp: [UInt: Set<UInt32>] = [:]

    /// Whether `text` has a character the first face lacks, or an emoji.
    fileprivate mutating func needsLookUp(_ text: String.UnicodeScalarView) -> Bool {
      var needed = false
      for scalar in text {
        let value = scalar.value
        if met.insert(value) {
          if let coverage,
            pango_coverage_get(coverage, Int32(bitPattern: value)) == PANGO_COVERAGE_EXACT
          {
            continue
          }
          _ = lacking.insert(value)
          needed = true
        } else if lacking.contains(value) || isEmojiSign(scalar) {
          needed = true
        }
      }
      return needed
    }

    fileprivate func lacks(_ character: UInt32) -> Bool { lacking.contains(character) }
  }

  /// A set of characters: a bit each below U+0800 (Latin, Greek, Cyrillic and the like), a set
  /// above.
  private struct Characters {
    private var low: [UInt64] = []
    private var high: Set<UInt32> = []

    /// Whether `character` is new, recording it.
    mutating func insert(_ character: UInt32) -> Bool {
      guard character < 0x800 else { return high.insert(character).inserted }
      if low.isEmpty { low = Array(repeating: 0, count: 0x800 / 64) }
      let bit: UInt64 = 1 << (character % 64)
      let word = Int(character / 64)
      guard low[word] & bit == 0 else { return false }
      low[word] |= bit
      return true
    }

    func contains(_ character: UInt32) -> Bool {
      guard character < 0x800 else { return high.contains(character) }
      return !low.isEmpty && low[Int(character / 64)] & (1 << (character % 64)) != 0
    }
  }

  /// Locks the faces `font`, or its bold (for markup's `<b>`), draws `text` with in `context`
  /// (a `PangoContext`).
  static func keepOpen(
    _ text: String, in font: FontDescription, bold: Bool = false, context: OpaquePointer
  ) {
    if bold {
      keepOpen(text, in: font, bold: true, seen: &font.boldFaces, context: context)
    } else {
      keepOpen(text, in: font, bold: false, seen: &font.faces, context: context)
    }
  }

  private static func keepOpen(
    _ text: String, in font: FontDescription, bold: Bool, seen: inout Seen,
    context: OpaquePointer
  ) {
    if !seen.started {
      seen.started = true
      if let description = itemizersDescription(of: font, bold: bold, in: context) {
        defer { pango_font_description_free(description) }
        seen.coverage = start(description, in: context).flatMap { OpaquePointer(bitPattern: $0) }
      }
    }
    guard seen.needsLookUp(text.unicodeScalars),
      let description = itemizersDescription(of: font, bold: bold, in: context)
    else { return }
    defer { pango_font_description_free(description) }
    let emoji = text.unicodeScalars.contains(where: isEmojiSign)
    for language in languages(of: text.unicodeScalars, in: context) {
      for inEmoji in emoji ? [false, true] : [false] {
        // An emoji run's every character is looked up in the emoji family; otherwise only
        // those the first face lacks are looked for past it.
        var characters: [UInt32] = []
        let search = search(language, emoji: inEmoji)
        for scalar in text.unicodeScalars where inEmoji || seen.lacks(scalar.value) {
          if seen.lookedUp[search, default: []].insert(scalar.value).inserted {
            characters.append(scalar.value)
          }
        }
        guard !characters.isEmpty else { continue }
        if inEmoji {
          guard let emojiFont = pango_font_description_copy(description) else { continue }
          defer { pango_font_description_free(emojiFont) }
          pango_font_description_set_family(emojiFont, "emoji")
          lock(characters, of: emojiFont, language: language, in: context)
        } else {
          lock(characters, of: description, language: language, in: context)
        }
      }
    }
  }

  /// `font`, or its bold, as Pango's itemizer asks for it, so that the fontsets loaded here are
  /// the ones the layout then finds in Pango's cache, and no font is matched twice.
  private static func itemizersDescription(
    of font: FontDescription, bold: Bool, in context: OpaquePointer
  ) -> OpaquePointer? {
    guard let description = pango_font_description_copy(font.handle) else { return nil }
    if bold { pango_font_description_set_weight(description, PANGO_WEIGHT_BOLD) }
    pango_font_description_set_gravity(description, pango_context_get_gravity(context))
    return description
  }

  /// Locks the faces of a font met for the first time in this process, and gives the
  /// characters of its first face (a `PangoCoverage`), unless its family is missing.
  private static func start(_ description: OpaquePointer, in context: OpaquePointer) -> UInt? {
    let name = sizeless(description)
    let found = kept.withLock { kept -> UInt in
      if let coverage = kept.coverages[name] { return coverage }
      var coverage: UInt = 0
      for language in languages(of: sample.unicodeScalars, in: context) {
        guard let fonts = fontset(description, language: language, in: context) else {
          continue
        }
        defer { g_object_unref(UnsafeMutableRawPointer(fonts)) }
        if let first = firstFont(of: fonts) {
          lock(first, kept: &kept)
          if coverage == 0, isOfNamedFamily(first, description),
            let characters = pango_font_get_coverage(first, language)
          {
            coverage = UInt(bitPattern: characters)
          }
        }
        lock(sample.unicodeScalars.map(\.value), in: fonts, kept: &kept)
      }
      kept.coverages[name] = coverage
      return coverage
    }
    return found == 0 ? nil : found
  }

  /// Whether `first`, the first font of a fontset for `description`, is of the first family
  /// the description names ("DejaVu Sans" for "DejaVu Sans Condensed" too). Fontconfig then
  /// gives it first in every language; a missing family's stand-in may differ from one language
  /// to another.
  private static func isOfNamedFamily(
    _ first: UnsafeMutablePointer<PangoFont>, _ description: OpaquePointer
  ) -> Bool {
    guard let families = pango_font_description_get_family(description),
      let described = pango_font_describe(first)
    else { return false }
    defer { pango_font_description_free(described) }
    guard let family = pango_font_description_get_family(described) else { return false }
    let named = String(cString: families).split(separator: ",").first?.lowercased() ?? ""
    let found = String(cString: family).lowercased()
    return named == found || named.hasPrefix(found + " ")
  }

  /// "PT Sans, DejaVu Sans Bold" for "PT Sans, DejaVu Sans Bold 7.5".
  private static func sizeless(_ description: OpaquePointer) -> String {
    guard let copy = pango_font_description_copy(description) else { return "" }
    defer { pango_font_description_free(copy) }
    pango_font_description_unset_fields(copy, PANGO_FONT_MASK_SIZE)
    guard let text = pango_font_description_to_string(copy) else { return "" }
    defer { g_free(text) }
    return String(cString: text)
  }

  /// The languages Pango's itemizer loads fontsets in for `text`: the context's, and for each
  /// script of the text that language does not write, the script's sample language.
  private static func languages(
    of text: String.UnicodeScalarView, in context: OpaquePointer
  ) -> [OpaquePointer] {
    let own = pango_context_get_language(context) ?? pango_language_get_default()
    guard let own else { return [] }
    var languages = [own]
    for scalar in text {
      let script = PangoScript(rawValue: g_unichar_get_script(scalar.value).rawValue)
      guard pango_language_includes_script(own, script) == 0 else { continue }
      if let language = pango_script_get_sample_language(script)
        ?? pango_language_from_string("xx"),
        !languages.contains(language)
      {
        languages.append(language)
      }
    }
    return languages
  }

  /// A key for the characters looked up in `language`, in the font's family or in "emoji".
  private static func search(_ language: OpaquePointer, emoji: Bool) -> UInt {
    // A `PangoLanguage` is at least 2-aligned, so its lowest bit is free.
    UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(language))) | (emoji ? 1 : 0)
  }

  /// What starts an emoji for Pango: a character shown as an emoji by default, the emoji
  /// variation selector, or the keycap.
  private static func isEmojiSign(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value >= 0x20E3
      && (scalar.value == 0x20E3 || scalar.value == 0xFE0F
        || scalar.properties.isEmojiPresentation)
  }

  private static func fontset(
    _ description: OpaquePointer, language: OpaquePointer, in context: OpaquePointer
  ) -> UnsafeMutablePointer<PangoFontset>? {
    guard let map = pango_context_get_font_map(context) else { return nil }
    return pango_font_map_load_fontset(map, context, description, language)
  }

  private static func firstFont(of fonts: UnsafeMutablePointer<PangoFontset>)
    -> UnsafeMutablePointer<PangoFont>?
  {
    var first: UnsafeMutablePointer<PangoFont>?
    pango_fontset_foreach(
      fonts,
      { _, font, first in
        first?.assumingMemoryBound(to: UnsafeMutablePointer<PangoFont>?.self).pointee = font
        return 1
      }, &first)
    return first
  }

  /// Locks the faces Pango finds `characters` in, for `description` in `language`.
  private static func lock(
    _ characters: [UInt32], of description: OpaquePointer, language: OpaquePointer,
    in context: OpaquePointer
  ) {
    guard let fonts = fontset(description, language: language, in: context) else { return }
    defer { g_object_unref(UnsafeMutableRawPointer(fonts)) }
    kept.withLock { kept in lock(characters, in: fonts, kept: &kept) }
  }

  private static func lock(
    _ characters: [UInt32], in fonts: UnsafeMutablePointer<PangoFontset>, kept: inout Kept
  ) {
    // The fontset holds its fonts, so a font met once is known by its address.
    var met: [UnsafeMutablePointer<PangoFont>] = []
    for character in characters {
      guard let font = pango_fontset_get_font(fonts, character) else { continue }
      defer { g_object_unref(UnsafeMutableRawPointer(font)) }
      guard !met.contains(font) else { continue }
      met.append(font)
      lock(font, kept: &kept)
    }
  }

  private static func lock(_ font: UnsafeMutablePointer<PangoFont>, kept: inout Kept) {
    guard let scaled = pango_cairo_font_get_scaled_font(OpaquePointer(font)),
      let face = cairo_ft_scaled_font_lock_face(scaled)
    else { return }
    // A face locked already (another character, size or font) keeps its one lock.
    if !kept.faces.insert(UInt(bitPattern: face)).inserted {
      cairo_ft_scaled_font_unlock_face(scaled)
    }
  }
}
