import Foundation

/// The templates that ship with PaperDiary. SwiftPM copies `ru/` and `en/` beside the program as
/// resources; this file only tells the renderer where that copy is. Schools edit the folders,
/// not this file (see README.md beside it).
public enum BundledTemplates {
  /// The folder that holds the bundled template folders.
  public static var folder: URL? { Bundle.module.resourceURL }
}
