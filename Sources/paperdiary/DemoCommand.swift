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
    print("")
    print(
      "Week \(result.week) (\(result.week.monday.russian) – \(result.week.sunday.russian)), "
        + "data as of \(result.asOf.russian): \(result.recipients.count) paper sheets are owed")
    print("class  student            guardian           delivery")
    for recipient in result.recipients {
      print(
        pad(recipient.className, 6) + " " + pad(recipient.student.rawValue, 18) + " "
          + pad(recipient.guardian.rawValue, 18) + " " + recipient.delivery.rawValue)
    }
    print("")
    print("store: \(result.store)")
    print("folder: \(result.folder)")
  }

  private func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
  }
}
