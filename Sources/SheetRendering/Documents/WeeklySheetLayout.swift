import DiaryRules
import Foundation

/// Turns a `WeeklySheet` into blocks, in the order and with the words its template gives.
public struct WeeklySheetLayout {
  public let template: Template

  public init(template: Template) { self.template = template }

  private var fonts: Template.Fonts { template.fonts }
  private var body: TextStyle { template.bodyStyle }
  private var small: TextStyle { template.smallStyle }
  private var heading: TextStyle { template.headingStyle }

  // The sheet's own styles, named so that the layout and `textStyles` cannot drift apart.
  private var addressStyle: TextStyle { TextStyle(.sans, size: fonts.heading) }
  private var tableHeaderStyle: TextStyle {
    TextStyle(.narrow, size: fonts.small + 0.5, bold: true)
  }
  private var subjectStyle: TextStyle { TextStyle(.narrow, size: fonts.body) }
  private var marksStyle: TextStyle { TextStyle(.sans, size: fonts.marks) }
  private var needsStyle: TextStyle { TextStyle(.narrow, size: fonts.small + 0.5) }
  private var commentStyle: TextStyle { TextStyle(.sans, size: max(fonts.small, fonts.body - 1)) }
  private var projectedStyle: TextStyle { body.with(bold: true, size: fonts.heading + 1) }

  /// The styles a sheet sets its text in, from its head down, for `FontWarmUp`: one left out
  /// is only drawn slower.
  public var textStyles: [TextStyle] {
    [
      heading, template.titleStyle, small, body, body.with(bold: true), tableHeaderStyle,
      subjectStyle, marksStyle, needsStyle, small.with(italic: true), addressStyle,
      body.with(italic: true),
      // New marks are set bold through markup.
      marksStyle.with(bold: true),
      commentStyle, projectedStyle,
    ]
  }

  /// The sheet as a page document.
  public func document(_ sheet: WeeklySheet) -> PageDocument {
    let blocks = template.blocks(of: "weekly")
    return template.pageDocument(
      flow: blocks.flow.flatMap { self.blocks(named: $0, sheet) },
      bottom: blocks.bottom.flatMap { self.blocks(named: $0, sheet) },
      continuation: template.text(
        .continuation,
        ["issue_id": sheet.issueID, "student": sheet.student.full, "class": sheet.className]))
  }

  func blocks(named name: String, _ sheet: WeeklySheet) -> [Block] {
    switch name {
    case "header": header(sheet)
    case "reissue": reissue(sheet)
    case "recipient": recipient(sheet)
    case "consent": consent(sheet)
    case "table": [.space(4), .table(table(sheet))]
    case "legend": legend(sheet)
    case "trend": trend(sheet)
    case "legend_and_trend":
      // Side by side: the legend explains the table above, the chart sums it up.
      [
        .space(2),
        .columns(
          [.init(share: 1, legend(sheet)), .init(share: 1.25, trend(sheet))], gap: 12),
      ]
    case "finals": finals(sheet)
    case "comments": comments(sheet)
    case "signature":
      [
        .space(6),
        .text(template.text(.signatureHomeroom, ["teacher": sheet.homeroomTeacher]), body),
      ]
    case "footer": footer(sheet)
    case "slip": slip(sheet)
    default: []
    }
  }

  // MARK: - Head

  private func header(_ sheet: WeeklySheet) -> [Block] {
    template.numberedHead(
      school: sheet.school, title: .weeklyTitle, subtitle: .weeklySubtitle,
      issueID: sheet.issueID, issuedOn: sheet.issuedOn)
  }

  private func reissue(_ sheet: WeeklySheet) -> [Block] {
    guard let replaces = sheet.replaces else { return [] }
    return [
      .space(2),
      .framed(
        [
          .text(
            template.text(.weeklyReissue, ["replaces": replaces]), heading.with(alignment: .center))
        ],
        weight: 1.2),
    ]
  }

  private func recipient(_ sheet: WeeklySheet) -> [Block] {
    let line = { (label: TextKey, value: String) -> Block in
      .text(Markup.labelled(self.template.text(label), value), self.body, markup: true)
    }
    let weekText = template.text(
      .weekRange,
      [
        "start": template.date(sheet.week.monday), "end": template.date(sheet.week.sunday),
        "week": sheet.week.description,
      ])
    let periodText =
      sheet.period.map {
        template.text(
          .periodRange,
          ["name": $0.name, "start": template.date($0.start), "end": template.date($0.end)])
      } ?? template.text(.noPeriod)
    let who = [
      line(.labelStudent, sheet.student.full), line(.labelClass, sheet.className),
      line(.labelGuardian, sheet.guardian.full),
    ]
    let when = [
      line(.labelWeek, weekText), line(.labelPeriod, periodText),
      line(.labelAsOf, template.date(sheet.asOf)),
    ]
    if sheet.delivery == .post {
      let address = template.text(
        .postAddressee, ["guardian": sheet.guardian.full, "address": sheet.address ?? ""])
      return [
        .window(
          address: [.text(address, addressStyle)], beside: who + when)
      ]
    }
    return [
      .space(4),
      .columns([.init(share: 1.15, who), .init(share: 1, when)], gap: 12),
    ]
  }

  private func consent(_ sheet: WeeklySheet) -> [Block] {
    guard let since = sheet.consentSince else { return [] }
    return [
      .space(3),
      .text(template.text(.consent, ["since": template.date(since)]), body.with(italic: true)),
    ]
  }

  // MARK: - The table

  func table(_ sheet: WeeklySheet) -> Table {
    let columns: [Table.Column] = [
      .init(share: 76), .init(share: 134), .init(share: 44), .init(share: 36, alignment: .center),
      .init(share: 30, alignment: .center), .init(share: 148), .init(share: 44, alignment: .center),
      .init(share: 28, alignment: .center),
    ]
    let header: [Table.Cell] = [
      TextKey.columnSubject, .columnMarks, .columnNew, .columnAverage, .columnProjected,
      .columnNeeds,
      .columnAbsences, .columnRisk,
    ].map { Table.Cell(template.text($0), tableHeaderStyle) }
    var table = Table(
      columns: columns, header: header,
      rows: sheet.subjects.map { row($0, sheet: sheet) })
    table.padding = 1.75
    return table
  }

  private func row(_ subject: WeeklySheet.Subject, sheet: WeeklySheet) -> [Table.Cell] {
    let forecast = subject.forecast
    let earlier = subject.marks.filter { !$0.isNew }
    let fresh = subject.marks.filter(\.isNew)
    let bodyCell = { (text: String) in Table.Cell(text, self.body) }
    let absences: String
    switch (forecast.absences, forecast.lessons) {
    case (let absent?, let lessons?):
      absences = template.text(
        .absencesOfLessons, ["absences": String(absent), "lessons": String(lessons)])
    case (let absent?, nil): absences = template.text(.absencesOnly, ["absences": String(absent)])
    default: absences = "—"
    }
    let risk =
      forecast.attestationRisk == true
      ? Table.Cell(template.text(.riskYes), body.with(bold: true))
      : Table.Cell(sheet.unmarked ? "—" : template.text(.riskNo), body)
    if sheet.unmarked {
      return [
        Table.Cell(subject.name, subjectStyle),
        bodyCell(template.text(.unmarkedGrade)),
        bodyCell(""), bodyCell("—"), bodyCell("—"), bodyCell(""), bodyCell(absences), risk,
      ]
    }
    let separator = template.decimalSeparator
    let projected: Table.Cell
    if let final = forecast.finalMark {
      projected = Table.Cell(
        template.text(.finalMark, ["mark": final]), body.with(bold: true, size: fonts.heading))
    } else {
      projected = Table.Cell(
        forecast.projected.map(String.init) ?? "—", projectedStyle)
    }
    return [
      Table.Cell(subject.name, subjectStyle),
      Table.Cell(marksMarkup(earlier, scale: sheet.scale, bold: false), marksStyle, markup: true),
      Table.Cell(
        fresh.isEmpty
          ? template.text(.nothingNew) : marksMarkup(fresh, scale: sheet.scale, bold: true),
        marksStyle, markup: !fresh.isEmpty),
      Table.Cell(forecast.averageText(decimalSeparator: separator) ?? "—", body.with(bold: true)),
      projected,
      Table.Cell(needs(forecast, scale: sheet.scale), needsStyle),
      bodyCell(absences),
      risk,
    ]
  }

  /// Marks in date order: `(4)` not counted, `5²` weighted, the template's debt sign for a debt.
  private func marksMarkup(_ marks: [WeeklySheet.Mark], scale: GradingScale, bold: Bool) -> String {
    marks.map { mark in
      var text = mark.value.map(String.init) ?? template.text(.debtMark)
      text = Markup.escape(text)
      if mark.weight != 1, mark.value != nil {
        text +=
          "<sup>"
          + Markup.escape(Self.weightText(mark.weight, separator: template.decimalSeparator))
          + "</sup>"
      }
      if !mark.counted { text = "(" + text + ")" }
      return bold ? "<b>" + text + "</b>" : text
    }.joined(separator: " ")
  }

  static func weightText(_ weight: Double, separator: String) -> String {
    if weight == weight.rounded() { return String(Int(weight)) }
    var text = String(format: "%.2f", weight)
    while text.hasSuffix("0") { text.removeLast() }
    return text.replacingOccurrences(of: ".", with: separator)
  }

  /// «What it takes»: the way up, the way down, or why there is none.
  private func needs(_ forecast: SubjectForecast, scale: GradingScale) -> String {
    if forecast.finalMark != nil { return "" }
    if forecast.exempt == true { return template.text(.exempt) }
    guard let marks = forecast.marks else { return "" }
    var lines: [String] = []
    if marks == 0 {
      lines.append(template.text(.noMarks))
    }
    if let projected = forecast.projected {
      // The way up and the way down share a line; Pango wraps it only when it must.
      var ways: [String] = []
      if let next = scale.marks.first(where: { $0 > projected }), let count = forecast.toNext {
        ways.append(
          forecast.nextReachable == false
            ? template.text(.needsUnreachable, ["next": String(next)])
            : template.text(
              .needsNext, ["next": String(next), "count": String(count), "top": String(scale.top)]))
      }
      if let count = forecast.toDrop {
        ways.append(
          template.text(
            .needsDrop,
            ["projected": String(projected), "count": String(count), "low": String(scale.low)]))
      }
      if !ways.isEmpty { lines.append(ways.joined(separator: " · ")) }
    }
    if forecast.fewMarks == true {
      lines.append(
        template.text(.fewMarks, ["count": String(marks), "min": String(scale.minMarks)]))
    }
    return lines.joined(separator: " · ")
  }

  // MARK: - After the table

  private func legend(_ sheet: WeeklySheet) -> [Block] {
    sheet.unmarked ? [] : [.space(2), .text(template.text(.legend), small)]
  }

  private func trend(_ sheet: WeeklySheet) -> [Block] {
    guard !sheet.unmarked, sheet.period != nil else { return [] }
    let weeks = sheet.trend
    let title = Block.text(template.text(.trendTitle), heading.with(size: fonts.body))
    guard weeks.contains(where: { $0.average != nil }) else {
      return [.space(6), .group([title, .text(template.text(.trendEmpty), small)])]
    }
    let separator = template.decimalSeparator
    let points = weeks.map { week, average in
      TrendChart.Point(
        label: template.shortDate(week.monday), value: average,
        valueText: average.map { Self.truncated($0, separator: separator) })
    }
    // Sorted: a dictionary's order changes from process to process, and so would the PDF's bytes.
    let thresholds = sheet.scale.thresholds.values.map { NSDecimalNumber(decimal: $0).doubleValue }
      .sorted()
    return [
      .space(6),
      .group([
        title, .space(2),
        .chart(
          TrendChart(
            points: points, marks: sheet.scale.marks, thresholds: thresholds, height: 64,
            style: small)),
      ]),
    ]
  }

  /// An average as the sheet prints averages: truncated to two decimals.
  static func truncated(_ value: Double, separator: String) -> String {
    let hundredths = Int((value * 100 + 1e-9).rounded(.down))
    let fraction = hundredths % 100
    return "\(hundredths / 100)\(separator)\(fraction < 10 ? "0" : "")\(fraction)"
  }

  private func finals(_ sheet: WeeklySheet) -> [Block] {
    let given = sheet.subjects.compactMap { subject in
      subject.forecast.finalMark.map { (subject.name, $0) }
    }
    guard !given.isEmpty, let period = sheet.period else { return [] }
    let items = given.map { template.text(.finalsItem, ["subject": $0.0, "mark": $0.1]) }
    return [
      .space(6),
      .group([
        .text(template.text(.finalsTitle, ["period": period.name]), heading.with(size: fonts.body)),
        .text(items.joined(separator: ";   "), body),
      ]),
    ]
  }

  private func comments(_ sheet: WeeklySheet) -> [Block] {
    var lines: [Block] = []
    for subject in sheet.subjects {
      for mark in subject.marks where mark.isNew {
        guard let comment = mark.comment, !comment.isEmpty else { continue }
        let markText = mark.value.map(String.init) ?? template.text(.debtMark)
        lines.append(
          .text(
            template.text(
              .comment,
              [
                "subject": subject.name, "date": template.shortDate(mark.date), "mark": markText,
                "text": comment,
              ]), commentStyle))
      }
    }
    guard !lines.isEmpty else { return [] }
    let title = Block.text(template.text(.commentsTitle), heading.with(size: fonts.body))
    guard lines.count > 3 else { return [.space(5), .group([title] + lines)] }
    // Many comments go two to a row, read left to right: a busy week still fits on one sheet,
    // and rows may still break between pages.
    let rows = stride(from: 0, to: lines.count, by: 2).map { start -> Block in
      .columns(
        [
          .init(share: 1, [lines[start]]),
          .init(share: 1, start + 1 < lines.count ? [lines[start + 1]] : []),
        ], gap: 12)
    }
    return [.space(5), .group([title, rows[0]])] + rows.dropFirst()
  }

  private func footer(_ sheet: WeeklySheet) -> [Block] {
    [
      .space(5), .rule(weight: 0.5),
      .text(template.text(.legalBasis), small.with(alignment: .justify)),
      .space(1),
      .text(template.text(.cadence, ["school": sheet.school]), small.with(alignment: .justify)),
    ]
  }

  private func slip(_ sheet: WeeklySheet) -> [Block] {
    guard sheet.delivery != .post else {
      return [.space(4), .text(template.text(.postNote), small.with(italic: true))]
    }
    let week = template.text(
      .weekRange,
      [
        "start": template.date(sheet.week.monday), "end": template.date(sheet.week.sunday),
        "week": sheet.week.description,
      ])
    let received = template.text(
      .slipReceived,
      [
        "issue_id": sheet.issueID, "class": sheet.className, "week": week,
        "student": sheet.student.full,
      ])
    return [
      .space(5),
      .text(template.text(.slipCut), small.with(alignment: .center)),
      .space(4),
      .text(received + " " + template.text(.slipSignature), body.with(size: fonts.body)),
    ]
  }
}
