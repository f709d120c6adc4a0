import DiaryRules
import Foundation

@testable import PaperDiaryKit

extension WeekFolder {
  /// `OUT/<week>/` and its subfolders made (0700), as a run makes them under its locks, for
  /// tests that plant files in a week or assemble it without issuing.
  static func made(out: String, week: SchoolWeek) throws -> WeekFolder {
    let folder = WeekFolder(out: out, week: week)
    for url in [folder.root] + folder.subfolders { try OutputFolder.ensureFolder(url) }
    return folder
  }
}
