import ArgumentParser
import PaperDiaryKit

struct ImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Validate an e-journal export (an import set) and import it into the store.",
    discussion: """
      DIR holds school.toml and the CSV files described in Samples/README.md. Every record is \
      checked first; when anything is wrong, each problem is printed as file:line: column: \
      message (at most 50, then a count), nothing is written and the exit code is 2. A valid \
      set is imported in one transaction. Importing again updates rows by key; with --replace \
      every file present is the full content of its table and rows missing from it are deleted.
      """)

  @Argument(help: "The folder of the import set.")
  var directory: String

  @OptionGroup var store: StoreOption

  @Flag(help: "Treat every file present as the full content of its table.")
  var replace = false

  @Option(help: "Who is importing (default: $SUDO_USER, else $USER).")
  var `operator`: String?

  func run() throws {
    let report = try Console.run { () throws(PaperDiaryError) in
      try StoreWorkflows.importSet(
        directory, store: store.store, replace: replace, operatorName: `operator`,
        onWait: { Console.error($0) })
    }
    for warning in report.warnings { Console.error(warning) }
    for line in report.lines { print(line) }
  }
}
