import ArgumentParser

/// The `paperdiary` executable: each subcommand maps its options to one call into PaperDiaryKit.
@main
struct PaperDiaryCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "paperdiary",
    abstract: "Weekly paper progress-and-forecast sheets for families who refused the e-diary.",
    subcommands: [
      InitCommand.self, ImportCommand.self, SampleCommand.self, WeeklyCommand.self,
      SheetCommand.self,
      DemoCommand.self,
      RegistryCommand.self,
      StatusCommand.self, LedgerCommand.self, VerifyCommand.self,
      FormsCommand.self, NoticesCommand.self,
    ]
  )
}
