import DiaryRules

/// Turns a `FinalNotice` into blocks, in the order and with the words its template gives:
/// head, addressee, the deadline statement, a table of final marks and one of exam results,
/// the 273-ФЗ citation when exam results are told (cl. 8), and the foot of every paper sheet.
public struct FinalNoticeLayout {
  public let template: Template

  public init(template: Template) { self.template = template }

  private var fonts: Template.Fonts { template.fonts }
  private var body: TextStyle { template.bodyStyle }
  private var small: TextStyle { template.smallStyle }
  private var heading: TextStyle { template.headingStyle }

  /// The notice as a page document.
  public func document(_ notice: FinalNotice) -> PageDocument {
    let blocks = template.blocks(of: "notice")
    return template.pageDocument(
      flow: blocks.flow.flatMap { self.blocks(named: $0, notice) },
      bottom: blocks.bottom.flatMap { self.blocks(named: $0, notice) },
      continuation: template.text(
        .noticeContinuation,
        ["issue_id": notice.issueID, "student": notice.student.full, "class": notice.className]))
  }

  func blocks(named name: String, _ notice: FinalNotice) -> [Block] {
    switch name {
    case "header": header(notice)
    case "recipient": recipient(notice)
    case "intro":
      [
        .space(8),
        .text(
          template.text(
            .noticeIntro,
            [
              "deadline_date": template.date(notice.deadline.date),
              "deadline_time": notice.deadline.time,
            ]), body.with(alignment: .justify)),
      ]
    case "finals": finals(notice)
    case "exams": exams(notice)
    case "law":
      notice.exams.isEmpty
        ? []
        : [
          .space(8),
          .framed(
            [.text(template.text(.noticeExamLaw), small.with(alignment: .justify))], weight: 0.6),
        ]
    case "signature":
      [
        .space(10),
        .text(template.text(.signatureHomeroom, ["teacher": notice.homeroomTeacher]), body),
      ]
    case "footer":
      [
        .space(5), .rule(weight: 0.5),
        .text(template.text(.noticeLegalBasis), small.with(alignment: .justify)),
      ]
    case "slip": slip(notice)
    default: []
    }
  }

  // MARK: - Head

  private func header(_ notice: FinalNotice) -> [Block] {
    template.numberedHead(
      school: notice.school, title: .noticeTitle, subtitle: .noticeSubtitle,
      issueID: notice.issueID, issuedOn: notice.issuedOn)
  }

  private func recipient(_ notice: FinalNotice) -> [Block] {
    let line = { (label: TextKey, value: String) -> Block in
      .text(Markup.labelled(self.template.text(label), value), self.body, markup: true)
    }
    let who = [
      line(.labelStudent, notice.student.full), line(.labelClass, notice.className),
      line(.labelGuardian, notice.guardian.full),
    ]
    if notice.delivery == .post {
      let address = template.text(
        .postAddressee, ["guardian": notice.guardian.full, "address": notice.address ?? ""])
      return [
        .window(address: [.text(address, TextStyle(.sans, size: fonts.heading))], beside: who)
      ]
    }
    return [.space(4)] + who
  }

  // MARK: - The results

  private func finals(_ notice: FinalNotice) -> [Block] {
    guard !notice.finals.isEmpty else { return [] }
    let header = [
      TextKey.noticeColumnSubject, .noticeColumnPeriod, .noticeColumnMark, .noticeColumnReceived,
    ].map { Table.Cell(template.text($0), small.with(bold: true)) }
    let rows = notice.finals.map { mark -> [Table.Cell] in
      [
        Table.Cell(mark.subject, body.with(bold: true)), Table.Cell(mark.period, body),
        Table.Cell(mark.value.lowercased(), TextStyle(.sans, size: fonts.heading, bold: true)),
        Table.Cell(received(mark.received), body),
      ]
    }
    var table = Table(
      columns: [
        .init(share: 170), .init(share: 130), .init(share: 70, alignment: .center),
        .init(share: 110),
      ], header: header, rows: rows)
    table.padding = 3
    return [
      .space(10),
      // Not in a `.group` with its title: a grouped table loses its header row.
      .text(template.text(.noticeFinalsTitle), heading), .space(3), .table(table),
    ]
  }

  private func exams(_ notice: FinalNotice) -> [Block] {
    guard !notice.exams.isEmpty else { return [] }
    let header = [
      TextKey.noticeColumnExam, .noticeColumnExamDate, .noticeColumnScore, .noticeColumnExamMark,
      .noticeColumnReceived,
    ].map { Table.Cell(template.text($0), small.with(bold: true)) }
    let none = template.text(.noticeNone)
    let rows = notice.exams.map { exam -> [Table.Cell] in
      [
        Table.Cell(exam.exam, body.with(bold: true)), Table.Cell(template.date(exam.date), body),
        Table.Cell(exam.score ?? none, TextStyle(.sans, size: fonts.heading, bold: true)),
        Table.Cell(
          exam.mark?.lowercased() ?? none, TextStyle(.sans, size: fonts.heading, bold: true)),
        Table.Cell(received(exam.received), body),
      ]
    }
    var table = Table(
      columns: [
        .init(share: 170), .init(share: 70), .init(share: 60, alignment: .center),
        .init(share: 70, alignment: .center), .init(share: 110),
      ], header: header, rows: rows)
    table.padding = 3
    return [
      .space(10),
      // Not in a `.group` with its title: a grouped table loses its header row.
      .text(template.text(.noticeExamsTitle), heading), .space(3), .table(table),
    ]
  }

  private func received(_ moment: FinalNotice.Moment) -> String {
    template.text(.noticeReceived, ["date": template.date(moment.date), "time": moment.time])
  }

  // MARK: - Foot

  private func slip(_ notice: FinalNotice) -> [Block] {
    guard notice.delivery != .post else {
      return [.space(4), .text(template.text(.postNote), small.with(italic: true))]
    }
    return [
      .space(8),
      .text(template.text(.slipCut), small.with(alignment: .center)),
      .space(6),
      .text(
        template.text(
          .noticeSlipReceived,
          [
            "issue_id": notice.issueID, "student": notice.student.full,
            "class": notice.className,
          ]), body),
      .space(10),
      .text(template.text(.slipSignature), body),
    ]
  }
}
