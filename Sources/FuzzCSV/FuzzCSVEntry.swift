import Foundation

#if FUZZING
  /// libFuzzer's entry (`make fuzz`): one input per call. A broken promise stops the run, and
  /// libFuzzer keeps the input as a crash artifact.
  @_cdecl("LLVMFuzzerTestOneInput")
  public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let outcome = CSVFuzzTarget.run(Array(UnsafeBufferPointer(start: data, count: size)))
    if let violation = outcome.violations.first { fatalError(violation) }
    return 0
  }
#else
  /// Built without libFuzzer, the target replays the files named on the command line and says
  /// what each did, so that a crash artifact can be looked at in a debugger.
  @main enum FuzzCSVReplay {
    static func main() {
      var failed = false
      for path in CommandLine.arguments.dropFirst() {
        guard let data = FileManager.default.contents(atPath: path) else {
          print("\(path): cannot be read")
          failed = true
          continue
        }
        let outcome = CSVFuzzTarget.run(Array(data))
        let result = outcome.problem.map { "refused: \($0)" } ?? "\(outcome.records) records"
        print("\(path): \(result)")
        for violation in outcome.violations { print("  violation: \(violation)") }
        failed = failed || !outcome.violations.isEmpty
      }
      exit(failed ? 1 : 0)
    }
  }
#endif
