/// The images a renderer has decoded, by path: a logo is read once per renderer, and every
/// page drawing the same `ImageSurface` lets Cairo embed it once per PDF.
final class ImageCache {
  private var images: [String: ImageSurface] = [:]

  func image(_ path: String) throws -> ImageSurface {
    if let image = images[path] { return image }
    let image = try ImageSurface(png: path)
    images[path] = image
    return image
  }
}
