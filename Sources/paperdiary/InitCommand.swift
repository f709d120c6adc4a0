import ArgumentParser
import PaperDiaryKit

struct InitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Create an empty grade store.",
    discussion: """
      The store is one SQLite file created with mode 0600: it holds pupils' personal data, so \
      PaperDiary refuses to use a store that group or others can read.
      """)

  @OptionGroup var store: StoreOption

  func run() throws {
    print(
      try Console.run { () throws(PaperDiaryError) in
        try StoreWorkflows.initialize(store: store.store)
      })
  }
}
