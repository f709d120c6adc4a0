import ArgumentParser
import PaperDiaryKit

struct SheetCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sheet",
    abstract: "A teacher's single sheet: the week's sheet, or a reissue that replaces it.",
    discussion: """
      When the guardian has no sheet for the week yet, this is the week's weekly sheet. \
      Otherwise it is a reissue (R4): --reason is required, it keeps the data cut-off of the \
      sheet it replaces, shows the corrections made since, and is marked «Повторная выдача \
      взамен № …». Prints the PDF's absolute path as soon as the sheet is recorded, then \
      rebuilds the class's print file and register and the week's manifest.
      """)

  @OptionGroup var store: StoreOption

  @Option(
    help: ArgumentHelp(
      "The output folder; the sheet goes under OUT/<week>/sheets/. It must be the week's: the "
        + "folder its first sheets were issued into."))
  var out: String

  @Option(help: "The student's id.")
  var student: String

  @Option(help: "The guardian's id (required when two guardians receive paper).")
  var guardian: String?

  @Option(help: "The ISO week, e.g. 2026-W48 (default: the current week).")
  var week: String?

  @Option(help: "Why the sheet is made again (required for a reissue).")
  var reason: String?

  @OptionGroup var operatorOption: OperatorOption

  @Option(help: "The time to act as now, e.g. '2026-11-27 15:00' (default: the clock).")
  var now: String?

  @OptionGroup var template: TemplateOption

  func run() throws {
    var options = SheetWorkflow.Options(store: store.store, out: out, student: student)
    options.guardian = guardian
    options.week = week
    options.reason = reason
    options.operatorName = operatorOption.operatorName
    options.now = now
    options.template = template.template
    options.say = { Console.error($0) }
    // The path goes out as soon as the sheet is recorded, while the class files are rebuilt.
    options.issued = { result in
      if let replaces = result.replaces {
        Console.error("\(result.issueID) replaces \(replaces)")
      }
      Console.result(result.file)
    }
    _ = try Console.run { () throws(PaperDiaryError) in try SheetWorkflow.run(options) }
  }
}
