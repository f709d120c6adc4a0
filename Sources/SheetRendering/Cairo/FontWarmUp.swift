internal import CCairo
import Foundation

/// What the first document of a process pays before its first line: fontconfig reading its
/// configuration and caches (~10 ms here), and for each style the document sets, Pango sorting
/// the fonts that could draw it, FreeType opening their files and HarfBuzz planning the shaping
/// (~2 ms a style). A command that draws after some work in the store (a teacher's sheet, the
/// Friday batch while it finds who is owed) has that done meanwhile on another core.
///
/// Pango keeps those caches in a font map, one per thread, so warming a map of the warm-up's own
/// would leave the drawing thread's cold: the warm-up lays the styles out in a map that the
/// drawing thread then takes over (`adopt`), once the warm-up is done with it. A map is never
/// used by two threads at once.
///
/// `begin()` starts with fontconfig, before the template is known; `warm(_:template:)` hands over
/// the styles once it is; `stop()` ends it. A warm-up that never gets its styles ends when its
/// last handle goes.
public final class FontWarmUp: Sendable {
  private let work: Work

  private init(work: Work) { self.work = work }

  deinit { work.hand(nil) }

  /// Starts the warm-up thread on fontconfig's configuration; returns at once.
  public static func begin() -> FontWarmUp {
    let work = Work()
    let thread = Thread { work.run() }
    // Pango and HarfBuzz recurse deeper than a secondary thread's default 512 KiB allows.
    thread.stackSize = 8 << 20
    thread.start()
    return FontWarmUp(work: work)
  }

  /// Hands over the styles the document will set, in `template`'s families; returns at once.
  public func warm(_ styles: [TextStyle], template: Template) {
    work.hand(Styles(styles: styles, template: template))
  }

  /// Stops the warm-up after the style it is on, then makes its font map the calling thread's
  /// own: the drawing thread never waits for more than one style. Only the first thread to ask
  /// gets the map; any other keeps its own, as without a warm-up.
  public func adopt() {
    guard let map = work.take() else { return }
    pango_cairo_font_map_set_default(OpaquePointer(map))
    g_object_unref(UnsafeMutableRawPointer(map))
  }

  /// Stops the warm-up after the style it is on and waits until its thread is done with Pango.
  /// A command calls it before it returns, whether or not a thread adopted the map, so that the
  /// process never exits while the warm-up is inside Pango or HarfBuzz, whose exit handlers free
  /// what it would be using.
  public func stop() {
    work.stop()
  }

  private struct Styles: Sendable {
    let styles: [TextStyle]
    let template: Template
  }

  /// The warm-up thread's state, shared with the handle under a condition lock.
  private final class Work: @unchecked Sendable {
    private let condition = NSCondition()
    private var styles: Styles?
    private var handed = false
    private var stopped = false
    private var finished = false
    private var map: UnsafeMutablePointer<PangoFontMap>?

    deinit {
      if let map { g_object_unref(UnsafeMutableRawPointer(map)) }
    }

    /// The first hand-over counts: the styles, or nil when the handle goes without any.
    func hand(_ styles: Styles?) {
      condition.withLock {
        guard !handed else { return }
        handed = true
        self.styles = styles
        condition.broadcast()
      }
    }

    func stop() {
      condition.withLock {
        stopped = true
        condition.broadcast()
        while !finished { condition.wait() }
      }
    }

    /// Stops the warm-up and hands its map over, once.
    func take() -> UnsafeMutablePointer<PangoFontMap>? {
      stop()
      return condition.withLock {
        defer { map = nil }
        return map
      }
    }

    func run() {
      guard let map = pango_cairo_font_map_new() else { return finish(nil) }
      // The map is this thread's default while it works, as it will be the drawing thread's.
      pango_cairo_font_map_set_default(OpaquePointer(map))
      loadDefaultFont(map)
      let styles = condition.withLock {
        while !handed && !stopped { condition.wait() }
        return self.styles
      }
      if let styles { try? lay(styles) }
      pango_cairo_font_map_set_default(nil)
      guard styles != nil else {
        g_object_unref(UnsafeMutableRawPointer(map))
        return finish(nil)
      }
      finish(map)
    }

    private func finish(_ map: UnsafeMutablePointer<PangoFontMap>?) {
      condition.withLock {
        self.map = map
        finished = true
        condition.broadcast()
      }
    }

    /// Matching any font makes fontconfig read its configuration and caches.
    private func loadDefaultFont(_ map: UnsafeMutablePointer<PangoFontMap>) {
      guard let context = pango_font_map_create_context(map) else { return }
      defer { g_object_unref(UnsafeMutableRawPointer(context)) }
      guard let description = pango_font_description_from_string("sans 10") else { return }
      defer { pango_font_description_free(description) }
      if let font = pango_font_map_load_font(map, context, description) {
        g_object_unref(UnsafeMutableRawPointer(font))
      }
    }

    /// Lays a short line out in each style in turn, on a PDF page like a document's, so the map
    /// holds the fonts the drawing thread will ask for; stops early when the drawing thread
    /// wants the map. Nothing is drawn: the page is thrown away.
    private func lay(_ work: Styles) throws {
      let surface = try PDFSurface(path: "font warm-up")
      let context = try DrawingContext(surface: surface)
      let fonts = FontCache(work.template.fonts)
      for style in work.styles {
        guard !condition.withLock({ stopped }) else { return }
        let layout = try TextLayout(context: context)
        layout.setFont(try fonts.font(for: style))
        layout.setText(Self.sample)
        _ = layout.size
      }
    }

    /// Cyrillic, Latin and digits: each brings in its fonts and its shaping.
    private static let sample = "Иванов Пётр, 7Б: математика 4,25 (5) № 2026-W48 «Ok»"
  }
}
