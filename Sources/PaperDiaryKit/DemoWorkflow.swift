import DiaryRules
import Foundation
import GradeStore

/// `paperdiary demo`: the README's first command.
///
/// Imports the bundled sample into a store in a new folder of the system's temporary directory
/// and runs the Friday batch for the week of the sample's `exported_on` into `out/` beside it.
public enum DemoWorkflow {
  public struct Result: Sendable {
    public let folder: String
    public let store: String
    public let week: SchoolWeek
    public let asOf: LocalDate
    public let importLines: [String]
    public let recipients: [Recipient]
    /// The batch's manifest: what was issued, the print files and registers.
    public let manifest: WeeklyManifest
    /// `OUT/<week>`, where the PDFs are.
    public let weekFolder: String
  }

  public static func run(
    now: Date = Date(), progressOutput: ProgressBar.Output = .standardError
  ) throws(PaperDiaryError) -> Result {
    guard let samples = SampleLocation.find() else {
      throw PaperDiaryError(
        .failure,
        "cannot find the bundled Samples/ folder; run from the repository's top folder or set "
          + "PAPERDIARY_SAMPLES")
    }
    let folder: URL
    do {
      folder = try OutputFolder.makeTemporary(prefix: "paperdiary-demo")
    } catch {
      throw PaperDiaryError(.failure, "cannot create a folder for the demo: \(error)")
    }
    let storePath = folder.appendingPathComponent("grades.sqlite").path
    do {
      let store = try GradeStore.create(path: storePath)
      let report = try store.importSet(
        at: samples, operatorName: OperatorName.current(), now: now)
      guard let settings = try store.settings(), let exported = settings.exportedOn else {
        throw PaperDiaryError(.badInput, "\(samples.path)/school.toml: exported_on is missing")
      }
      let week = SchoolWeek(containing: exported)
      let calendar = try store.studyCalendar()
      let recipients = try store.recipients(on: exported).filter {
        !calendar.studyDays(in: week, grade: $0.grade).isEmpty
      }
      let out = folder.appendingPathComponent("out").path
      var options = WeeklyWorkflow.Options(store: storePath)
      options.out = out
      options.week = week.description
      options.progressOutput = progressOutput
      let manifest = try WeeklyWorkflow.run(options, clock: now)
      return Result(
        folder: folder.path, store: storePath, week: week, asOf: manifest.asOf,
        importLines: report.lines, recipients: recipients, manifest: manifest,
        weekFolder: WeeklyWorkflow.weekFolder(out: out, week: week))
    } catch let error as StoreError {
      throw PaperDiaryError(error)
    } catch let error as PaperDiaryError {
      throw error
    } catch {
      throw PaperDiaryError(.failure, "\(error)")
    }
  }
}
