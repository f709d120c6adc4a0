import Foundation

/// A batch's progress on stderr: `[########............] 120/300  40.1 sheets/s  0:04 left`.
///
/// DESIGN §6: long work shows a progress bar on a terminal and nothing on a pipe, so the bar
/// draws only when its output is a terminal and the run is not `--quiet`. It redraws in place
/// with `\r` at most ten times a second, however often batches report, and `finish()` leaves the
/// final count on its own line.
///
/// `@unchecked Sendable`: batches render on several threads and all report here; every stored
/// `var` is read and written only while `lock` is held, and drawing happens under it too, so
/// lines never interleave.
public final class ProgressBar: @unchecked Sendable {
  /// Where the bar goes: whether it is a terminal, and how to write to it. Tests pass a fake.
  public struct Output: Sendable {
    public let isTerminal: Bool
    public let write: @Sendable (String) -> Void

    public init(isTerminal: Bool, write: @escaping @Sendable (String) -> Void) {
      self.isTerminal = isTerminal
      self.write = write
    }

    /// File descriptor 2, a terminal when `isatty(2)` says so.
    public static var standardError: Output {
      Output(isTerminal: isatty(STDERR_FILENO) == 1, write: writeToStandardError)
    }
  }

  /// The shortest time between two redraws: about ten a second.
  static let redrawInterval: Duration = .milliseconds(100)
  /// Characters inside the brackets.
  static let barWidth = 20

  /// Whether anything is drawn at all: a terminal, not quiet, and something to count.
  public let isShown: Bool
  private let total: Int
  private let unit: String
  private let output: Output
  private let now: @Sendable () -> Duration
  private let start: Duration
  private let lock = NSLock()
  private var completed = 0
  private var lastDraw: Duration?
  private var drawnWidth = 0
  private var finished = false

  /// A bar for `total` items called `unit` (`sheets`). `now` is a monotonic clock, time since
  /// any fixed origin; it defaults to `ContinuousClock`, and tests pass a fixed one.
  public init(
    total: Int, unit: String = "sheets", quiet: Bool = false, output: Output = .standardError,
    now: (@Sendable () -> Duration)? = nil
  ) {
    let clock: @Sendable () -> Duration
    if let now {
      clock = now
    } else {
      let origin = ContinuousClock.now
      clock = { origin.duration(to: .now) }
    }
    self.total = max(total, 0)
    self.unit = unit
    self.output = output
    self.now = clock
    self.start = clock()
    self.isShown = output.isTerminal && !quiet && total > 0
  }

  /// Counts `count` more items done (made or failed) and redraws when the last drawing is old
  /// enough or the count has just reached the total. Safe to call from any thread.
  public func advance(by count: Int = 1) {
    guard isShown else { return }
    lock.lock()
    defer { lock.unlock() }
    guard !finished else { return }
    completed += count
    let time = now()
    let due = lastDraw.map { time - $0 >= Self.redrawInterval } ?? true
    let reachedTotal = completed >= total && completed - count < total
    guard due || reachedTotal else { return }
    draw(Self.line(completed: completed, total: total, elapsed: time - start, unit: unit), at: time)
  }

  /// Draws the final count with the time the batch took and ends the line. Later calls, and
  /// `advance` after it, draw nothing.
  public func finish() {
    guard isShown else { return }
    lock.lock()
    defer { lock.unlock() }
    guard !finished else { return }
    finished = true
    let time = now()
    let line = Self.line(
      completed: completed, total: total, elapsed: time - start, unit: unit, finished: true)
    draw(line, at: time)
    output.write("\n")
  }

  /// Writes `line` over the previous one; spaces cover what a longer previous line left.
  private func draw(_ line: String, at time: Duration) {
    let width = line.count
    let padding = String(repeating: " ", count: max(drawnWidth - width, 0))
    output.write("\r" + line + padding)
    drawnWidth = width
    lastDraw = time
  }

  // MARK: - Text

  /// One state of the bar. The rate is the average since the start; the time left is what is
  /// left at that rate, to the nearest second; both show `--` until the first item is done.
  static func line(
    completed: Int, total: Int, elapsed: Duration, unit: String, finished: Bool = false
  ) -> String {
    let done = min(max(completed, 0), total)
    let filled = total > 0 ? done * barWidth / total : 0
    let bar =
      String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled)
    let seconds = elapsed.seconds
    let rate = done > 0 && seconds > 0 ? Double(done) / seconds : nil
    let rateText = rate.map { String(format: "%.1f", $0) } ?? "--"
    let timeText: String
    if finished {
      timeText = "done in " + clockText(seconds)
    } else if let rate {
      timeText = clockText(Double(total - done) / rate) + " left"
    } else {
      timeText = "--:-- left"
    }
    return "[\(bar)] \(done)/\(total)  \(rateText) \(unit)/s  \(timeText)"
  }

  /// `0:04`, `12:30`, `1:02:03`.
  static func clockText(_ seconds: Double) -> String {
    let whole = Int(seconds.rounded(.toNearestOrAwayFromZero))
    let (hours, minutes, rest) = (whole / 3600, whole / 60 % 60, whole % 60)
    let secondsText = rest < 10 ? "0\(rest)" : "\(rest)"
    if hours > 0 {
      return "\(hours):\(minutes < 10 ? "0" : "")\(minutes):\(secondsText)"
    }
    return "\(minutes):\(secondsText)"
  }
}

extension Duration {
  fileprivate var seconds: Double {
    Double(components.seconds) + Double(components.attoseconds) / 1e18
  }
}

/// All of `text` to file descriptor 2, unbuffered: the C `stderr` is a global `var` that Swift 6
/// will not touch from a `Sendable` closure, and a bar must show at once anyway.
private func writeToStandardError(_ text: String) {
  var bytes = Array(text.utf8)[...]
  while !bytes.isEmpty {
    let written = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    if written < 0 {
      if errno == EINTR { continue }
      return
    }
    bytes = bytes.dropFirst(written)
  }
}
