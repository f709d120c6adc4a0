internal import CCairo
import Synchronization

/// Keeps open, for the rest of the process, the FreeType faces a font draws with.
///
/// Cairo 1.16 keeps at most ten faces open in a process (`MAX_OPEN_FACES` in cairo-ft-font.c).
/// To open an eleventh it closes one that nobody holds locked, without regard to another thread
/// that is drawing with it at that moment, and that thread then reads a freed face: with more
/// than ten faces on two threads the process crashes within seconds (`FontFaceTests`). A
/// template names three families and a fallback, each drawn regular and bold, and the tests draw
/// with two templates at once, so more than ten is ordinary.
///
/// A face locked through `cairo_ft_scaled_font_lock_face` is never closed. So each font a layout
/// is given is locked once per process, before any text is measured in it (Pango measures
/// glyphs through Cairo, so a face is in use from the first measurement): its face, and the
/// faces its fallback brings for the characters documents draw, in whichever size comes first
/// (a face draws every size). Cairo then only closes faces that a rare character brought in, and
/// only when more than ten are open. Locking after the first measurement was not enough: the
/// test still crashed in five runs of twenty.
enum FontFaces {
  /// The fonts whose faces are locked, by description without the size; and the faces, each
  /// locked once.
  private struct Kept {
    var fonts: Set<String> = []
    var faces: Set<UInt> = []
  }

  private static let kept = Mutex(Kept())

  /// Letters, digits and the signs the documents draw; the scissors and the check boxes come
  /// from the fallback in most families.
  private static let sample = Array("Жжz7«»—–…·№→↑↓✂☒☐✓≥±×²".unicodeScalars.map(\.value))

  /// Locks the faces `font`, or its bold (for markup's `<b>`), draws with in `context` (a
  /// `PangoContext`), unless this object or another of the same font did so before.
  static func keepOpen(_ font: FontDescription, bold: Bool = false, in context: OpaquePointer) {
    guard !(bold ? font.boldFacesKept : font.facesKept) else { return }
    if bold { font.boldFacesKept = true } else { font.facesKept = true }
    guard let description = pango_font_description_copy(font.handle) else { return }
    defer { pango_font_description_free(description) }
    if bold { pango_font_description_set_weight(description, PANGO_WEIGHT_BOLD) }
    // As Pango's itemizer asks for it, so that the fontset loaded here is the one the layout
    // then finds in Pango's cache, and no font is matched twice.
    pango_font_description_set_gravity(description, pango_context_get_gravity(context))
    let name = sizeless(description)
    kept.withLock { kept in
      guard kept.fonts.insert(name).inserted else { return }
      lock(description, in: context, kept: &kept)
    }
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

  private static func lock(
    _ description: OpaquePointer, in context: OpaquePointer, kept: inout Kept
  ) {
    guard let map = pango_context_get_font_map(context),
      let fonts = pango_font_map_load_fontset(
        map, context, description,
        pango_context_get_language(context) ?? pango_language_get_default())
    else { return }
    defer { g_object_unref(UnsafeMutableRawPointer(fonts)) }
    for character in sample {
      guard let font = pango_fontset_get_font(fonts, character) else { continue }
      defer { g_object_unref(UnsafeMutableRawPointer(font)) }
      guard let scaled = pango_cairo_font_get_scaled_font(OpaquePointer(font)),
        let face = cairo_ft_scaled_font_lock_face(scaled)
      else { continue }
      // A face locked already (another character, size or font) keeps its one lock.
      if !kept.faces.insert(UInt(bitPattern: face)).inserted {
        cairo_ft_scaled_font_unlock_face(scaled)
      }
    }
  }
}
