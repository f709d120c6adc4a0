import DiaryRules

/// The parts every issued document shares — text styles, the numbered head with the logo, and
/// the page frame with its continuation line and page numbers — so a sheet, a notice and a
/// register look like one school's papers.
extension Template {
  var bodyStyle: TextStyle { TextStyle(.sans, size: fonts.body) }
  var smallStyle: TextStyle { TextStyle(.sans, size: fonts.small) }
  var headingStyle: TextStyle { TextStyle(.sans, size: fonts.heading, bold: true) }
  var titleStyle: TextStyle { TextStyle(.sans, size: fonts.title, bold: true) }

  /// The head of a numbered document: logo, school, title and subtitle, and «№ … от …» at the
  /// right, over a rule.
  func numberedHead(
    school: String, title: TextKey, subtitle: TextKey, issueID: String, issuedOn: LocalDate
  ) -> [Block] {
    let titles: [Block] = [
      .text(school, headingStyle), .space(1),
      .text(text(title), titleStyle),
      .text(text(subtitle), smallStyle),
    ]
    let number = Block.text(
      text(.issueNumber, ["issue_id": issueID, "date": date(issuedOn)]),
      bodyStyle.with(bold: true, alignment: .right))
    var columns: [Block.Column] = []
    if let logo {
      columns.append(
        .init(share: page.logoWidth, [.image(path: logo, width: page.logoWidth)]))
    }
    columns.append(.init(share: 400, titles))
    columns.append(.init(share: 125, [number]))
    return [.columns(columns, gap: 8), .space(3), .rule(weight: 0.8)]
  }

  /// A page document whose pages after the first start with `continuation` (so a loose page
  /// says whose it is) and are numbered when there is more than one.
  func pageDocument(flow: [Block], bottom: [Block], continuation: String) -> PageDocument {
    let template = self
    return PageDocument(
      flow: flow, bottom: bottom,
      continuation: .group([
        .text(continuation, smallStyle.with(italic: true)), .rule(weight: 0.4), .space(4),
      ]),
      pageLabel: { page, pages in
        template.text(.pageNumber, ["page": String(page), "pages": String(pages)])
      }, pageLabelStyle: smallStyle)
  }
}
