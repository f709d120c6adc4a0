import ArgumentParser
import DiaryRules
import PaperDiaryKit

struct DemoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Import the bundled sample into a temporary store and run the week's job on it.",
    discussion: """
      Uses the import set in Samples/ (or $PAPERDIARY_SAMPLES). Everything is written under a \
      new folder in the system's temporary directory, whose absolute path is printed.
      """)

  func run() throws {
    let result = try Console.run { () throws(PaperDiaryError) in try DemoWorkflow.run() }
    for line in result.importLines { print(line) }
    let manifest = result.manifest
    print("")
    print(
      "Week \(result.week) (\(result.week.monday.russian) – \(result.week.sunday.russian)), "
        + "data as of \(result.asOf.russian): \(manifest.sheets.count) sheets issued for "
        + "\(result.recipients.count) paper recipients"
        + (manifest.failed.isEmpty ? "" : ", \(manifest.failed.count) failed"))
    print("class  student            guardian           delivery   sheet")
    for sheet in manifest.sheets {
      let recipient = sheet.recipient
      print(
        pad(recipient.className, 6) + " " + pad(recipient.student.rawValue, 18) + " "
          + pad(recipient.guardian.rawValue, 18) + " " + pad(recipient.delivery.rawValue, 10)
          + " " + (sheet.file ?? ""))
    }
    print("")
    print("store:      \(result.store)")
    print("sheets:     \(result.weekFolder)/sheets/")
    print("print:      \(result.weekFolder)/print/      (one PDF per class, ready for duplex)")
    print("registers:  \(result.weekFolder)/register/")
    print("manifest:   \(result.weekFolder)/manifest.json")
    if !manifest.failed.isEmpty { throw ExitCode(1) }
  }

  private func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
  }
}
