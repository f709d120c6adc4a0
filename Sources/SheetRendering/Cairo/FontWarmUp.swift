internal import CCairo
import Foundation

/// Fontconfig reads its configuration and font caches the first time a font is matched (~17 ms
/// of CPU here). A command that draws one document after some work in the store can have that
/// done meanwhile on another core: fontconfig's configuration is shared by every thread, while
/// each drawing thread keeps its own Pango font map.
public enum FontWarmUp {
  /// Matches the template's fonts once on a thread of its own and returns at once.
  public static func begin(_ fonts: Template.Fonts) {
    let families = [fonts.sans, fonts.narrow]
    let thread = Thread {
      guard let map = pango_cairo_font_map_new() else { return }
      defer { g_object_unref(UnsafeMutableRawPointer(map)) }
      guard let context = pango_font_map_create_context(map) else { return }
      defer { g_object_unref(UnsafeMutableRawPointer(context)) }
      for family in families {
        guard let description = pango_font_description_from_string("\(family) 10") else {
          continue
        }
        if let font = pango_font_map_load_font(map, context, description) {
          g_object_unref(UnsafeMutableRawPointer(font))
        }
        pango_font_description_free(description)
      }
    }
    thread.stackSize = 8 << 20
    thread.start()
  }
}
