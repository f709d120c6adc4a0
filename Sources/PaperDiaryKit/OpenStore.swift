import DiaryRules
import GradeStore

/// Opens the store for a workflow that needs the school's settings, that is, one import done.
enum OpenStore {
  static func withSettings(_ path: String) throws -> (GradeStore, SchoolSettings) {
    let store = try GradeStore(path: path)
    guard let settings = try store.settings() else {
      throw PaperDiaryError(
        .badInput, "\(path): the store holds no import yet; run paperdiary import")
    }
    return (store, settings)
  }
}
