import DiaryRules
import Foundation
import SheetRendering
import Testing

/// The warm-up only moves work earlier: a sheet drawn in the font map it hands over is the very
/// PDF drawn without it, and asking for the map before the styles are known does not hang.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct FontWarmUpTests {
  /// What the drawing thread made; read once the thread has signalled.
  final class Drawn: @unchecked Sendable {
    var result: Result<[UInt8], any Error>?
  }

  /// Runs `body` on a thread of its own, as the sheet issuer draws, and waits for it.
  static func onThread(_ body: @escaping @Sendable () throws -> [UInt8]) throws -> [UInt8] {
    let box = Drawn()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
      box.result = Result { try body() }
      done.signal()
    }
    thread.stackSize = 8 << 20
    thread.start()
    done.wait()
    return try #require(box.result).get()
  }

  static func draw(_ template: Template, warmUp: FontWarmUp?) throws -> [UInt8] {
    try onThread {
      warmUp?.adopt()
      let sheet = SampleSheets.sheet(delivery: .post, replaces: "2026-W48-00003")
      let document = WeeklySheetLayout(template: template).document(sheet)
      return try DocumentRenderer(template: template).render(
        document, name: sheet.issueID, createdAt: "2026-11-27T15:00:00+05:00"
      ).bytes
    }
  }

  @Test(arguments: ["ru", "en"])
  func aSheetDrawnInTheWarmedMapIsTheSameSheet(name: String) throws {
    let template = try TemplateLocator.load(name)
    let cold = try Self.draw(template, warmUp: nil)
    let warmUp = FontWarmUp.begin()
    warmUp.warm(WeeklySheetLayout(template: template).textStyles, template: template)
    // Let the warm-up lay every style out before the drawing thread takes its map.
    Thread.sleep(forTimeInterval: 0.5)
    let warm = try Self.draw(template, warmUp: warmUp)
    #expect(warm == cold)
    #expect(warm.count > 10_000)
  }

  @Test func askingForTheMapBeforeTheStylesDoesNotWait() throws {
    let template = try TemplateLocator.load("ru")
    let warmUp = FontWarmUp.begin()
    let bytes = try Self.draw(template, warmUp: warmUp)
    #expect(bytes.starts(with: Array("%PDF-".utf8)))
    // The styles come too late to be used, and a second thread draws with its own map.
    warmUp.warm(WeeklySheetLayout(template: template).textStyles, template: template)
    #expect(try Self.draw(template, warmUp: warmUp) == bytes)
    warmUp.stop()
  }

  @Test func stoppingAWarmUpThatWasNeverAdoptedReturns() throws {
    let template = try TemplateLocator.load("ru")
    let warmUp = FontWarmUp.begin()
    warmUp.warm(WeeklySheetLayout(template: template).textStyles, template: template)
    warmUp.stop()
    warmUp.stop()
    // Stopped before anyone asked: the map is still handed to the first thread that does.
    #expect(try Self.draw(template, warmUp: warmUp) == Self.draw(template, warmUp: nil))
  }
}
