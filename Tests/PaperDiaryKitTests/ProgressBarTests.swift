import Foundation
import Testing

@testable import PaperDiaryKit

/// The batch progress bar (DESIGN §6: a bar on a terminal, nothing on a pipe), drawn into a
/// fake terminal by a clock the test moves.
@Suite("Progress bar")
struct ProgressBarTests {
  /// A terminal (or pipe) that keeps what is written to it.
  final class Screen: @unchecked Sendable {
    // `@unchecked Sendable`: `writes` is touched only while `lock` is held.
    private let lock = NSLock()
    private var writes: [String] = []

    var written: [String] { lock.withLock { writes } }

    func output(isTerminal: Bool) -> ProgressBar.Output {
      ProgressBar.Output(isTerminal: isTerminal) { text in
        self.lock.withLock { self.writes.append(text) }
      }
    }
  }

  /// A clock that stands still until the test moves it.
  final class FixedClock: @unchecked Sendable {
    // `@unchecked Sendable`: `time` is touched only while `lock` is held.
    private let lock = NSLock()
    private var time: Duration = .seconds(1000)

    func advance(_ duration: Duration) { lock.withLock { time += duration } }
    func now() -> Duration { lock.withLock { time } }
  }

  let screen = Screen()
  let clock = FixedClock()

  func bar(total: Int, terminal: Bool = true, quiet: Bool = false) -> ProgressBar {
    let clock = clock
    return ProgressBar(
      total: total, quiet: quiet, output: screen.output(isTerminal: terminal),
      now: { clock.now() })
  }

  // MARK: - When it shows

  @Test("on a pipe nothing at all is written", arguments: [false, true])
  func pipe(quiet: Bool) {
    let bar = bar(total: 10, terminal: false, quiet: quiet)
    for _ in 0..<10 {
      clock.advance(.seconds(1))
      bar.advance()
    }
    bar.finish()
    #expect(!bar.isShown)
    #expect(screen.written.isEmpty)
  }

  @Test("--quiet on a terminal writes nothing; nor does an empty batch")
  func quietOrEmpty() {
    let quiet = bar(total: 10, quiet: true)
    quiet.advance(by: 10)
    quiet.finish()
    let empty = bar(total: 0)
    empty.advance()
    empty.finish()
    #expect(!quiet.isShown)
    #expect(!empty.isShown)
    #expect(screen.written.isEmpty)
  }

  // MARK: - What it draws

  @Test("count, rate and time left, redrawn in place with \\r")
  func drawsOnTerminal() {
    let bar = bar(total: 300)
    clock.advance(.milliseconds(2500))
    bar.advance(by: 100)
    clock.advance(.milliseconds(500))
    bar.advance(by: 20)
    #expect(
      screen.written == [
        "\r[######..............] 100/300  40.0 sheets/s  0:05 left",
        "\r[########............] 120/300  40.0 sheets/s  0:05 left",
      ])
  }

  @Test("finish draws the total with the time taken and ends the line, once")
  func finish() {
    let bar = bar(total: 4)
    clock.advance(.seconds(2))
    bar.advance(by: 3)
    clock.advance(.seconds(1))
    bar.advance()
    clock.advance(.milliseconds(10))
    bar.finish()
    bar.finish()
    bar.advance()
    #expect(
      screen.written == [
        "\r[###############.....] 3/4  1.5 sheets/s  0:01 left",
        "\r[####################] 4/4  1.3 sheets/s  0:00 left",
        "\r[####################] 4/4  1.3 sheets/s  done in 0:03",
        "\n",
      ])
  }

  @Test("no more than about ten redraws a second, however often batches report")
  func throttled() {
    let bar = bar(total: 10_000)
    clock.advance(.seconds(1))
    for _ in 0..<50 {
      bar.advance()
      clock.advance(.milliseconds(10))
    }
    // Drawn at 0 ms, 100 ms, 200 ms, 300 ms and 400 ms of the 500 ms.
    #expect(screen.written.count == 5)
    #expect(screen.written.allSatisfy { $0.hasPrefix("\r[") })
  }

  @Test("a shorter line is padded so nothing of the longer one stays")
  func padding() {
    let bar = bar(total: 10)
    clock.advance(.milliseconds(100))
    bar.advance()
    clock.advance(.seconds(1))
    bar.advance()
    #expect(
      screen.written == [
        "\r[##..................] 1/10  10.0 sheets/s  0:01 left",
        "\r[####................] 2/10  1.8 sheets/s  0:04 left ",
      ])
  }

  @Test("before the first item there is no rate to show")
  func noRateYet() {
    #expect(
      ProgressBar.line(completed: 0, total: 50, elapsed: .seconds(3), unit: "sheets")
        == "[....................] 0/50  -- sheets/s  --:-- left")
  }

  @Test(
    "times read as m:ss, or h:mm:ss from an hour",
    arguments: [
      (0.0, "0:00"), (4.4, "0:04"), (4.5, "0:05"), (59.6, "1:00"), (754, "12:34"),
      (3599.4, "59:59"), (3600, "1:00:00"), (3723, "1:02:03"), (36_000, "10:00:00"),
    ])
  func clockText(seconds: Double, expected: String) {
    #expect(ProgressBar.clockText(seconds) == expected)
  }

  // MARK: - Threads

  @Test("many threads advancing at once lose no count")
  func concurrent() async {
    let bar = bar(total: 8000)
    await withTaskGroup(of: Void.self) { group in
      for _ in 0..<8 {
        group.addTask {
          for _ in 0..<1000 { bar.advance() }
        }
      }
    }
    bar.finish()
    #expect(screen.written.last == "\n")
    #expect(screen.written.dropLast().last?.contains("] 8000/8000  ") == true)
  }
}
