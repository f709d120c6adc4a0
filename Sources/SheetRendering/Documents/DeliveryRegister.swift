import DiaryRules

/// The delivery register of one class and week (R10, «ведомость выдачи»): one row per sheet in
/// print order, signed by whoever takes the sheet; `post` rows read «почтой» with a date sent.
public struct DeliveryRegister: Sendable {
  public struct Row: Sendable {
    public var student: PersonName
    public var guardian: PersonName
    public var issueID: String
    public var replaces: String?
    public var delivery: Delivery

    public init(
      student: PersonName, guardian: PersonName, issueID: String, replaces: String?,
      delivery: Delivery
    ) {
      self.student = student
      self.guardian = guardian
      self.issueID = issueID
      self.replaces = replaces
      self.delivery = delivery
    }
  }

  public var school: String
  public var className: String
  public var homeroomTeacher: String
  public var week: SchoolWeek
  public var rows: [Row]

  public init(
    school: String, className: String, homeroomTeacher: String, week: SchoolWeek, rows: [Row]
  ) {
    self.school = school
    self.className = className
    self.homeroomTeacher = homeroomTeacher
    self.week = week
    self.rows = rows
  }
}

/// Lays a `DeliveryRegister` out as a table with room for a signature in every row.
public struct DeliveryRegisterLayout {
  public let template: Template

  public init(template: Template) { self.template = template }

  public func document(_ register: DeliveryRegister) -> PageDocument {
    let blocks = template.blocks(of: "register")
    return template.pageDocument(
      flow: blocks.flow.flatMap { self.blocks(named: $0, register) },
      bottom: blocks.bottom.flatMap { self.blocks(named: $0, register) },
      continuation: template.text(
        .registerContinuation,
        ["class": register.className, "week": register.week.description]))
  }

  private func blocks(named name: String, _ register: DeliveryRegister) -> [Block] {
    let fonts = template.fonts
    let body = TextStyle(.sans, size: fonts.body)
    switch name {
    case "header":
      return [
        .text(template.text(.registerTitle), template.titleStyle),
        .space(2),
        .text(
          template.text(
            .registerSubtitle,
            [
              "school": register.school, "class": register.className,
              "week": register.week.description, "start": template.date(register.week.monday),
              "end": template.date(register.week.sunday), "teacher": register.homeroomTeacher,
            ]), body),
        .space(6),
      ]
    case "table":
      return [.table(table(register))]
    case "total":
      let post = register.rows.filter { $0.delivery == .post }.count
      return [
        .space(6),
        .text(
          template.text(
            .registerTotal, ["count": String(register.rows.count), "post": String(post)]), body),
      ]
    case "signature":
      return [
        .space(10),
        .text(template.text(.registerSignature, ["teacher": register.homeroomTeacher]), body),
      ]
    case "footer":
      return [
        .space(6), .rule(weight: 0.4),
        .text(
          template.text(.registerLegal), TextStyle(.sans, size: fonts.small, alignment: .justify)),
      ]
    default:
      return []
    }
  }

  private func table(_ register: DeliveryRegister) -> Table {
    let fonts = template.fonts
    let body = TextStyle(.sans, size: fonts.body)
    let small = TextStyle(.sans, size: fonts.small)
    let header = [
      TextKey.registerColumnNumber, .registerColumnStudent, .registerColumnGuardian,
      .registerColumnIssue, .registerColumnDelivery, .registerColumnDate,
      .registerColumnSignature,
    ].map { Table.Cell(template.text($0), TextStyle(.sans, size: fonts.small, bold: true)) }
    let rows = register.rows.enumerated().map { index, row -> [Table.Cell] in
      var issue = row.issueID
      if let replaces = row.replaces {
        issue += "\n" + template.text(.registerReissue, ["replaces": replaces])
      }
      let delivery: String
      switch row.delivery {
      case .student: delivery = template.text(.registerDeliveryStudent)
      case .inPerson: delivery = template.text(.registerDeliveryInPerson)
      case .post: delivery = template.text(.registerDeliveryPost)
      }
      return [
        Table.Cell(String(index + 1), body), Table.Cell(row.student.full, body),
        Table.Cell(row.guardian.full, body), Table.Cell(issue, small),
        Table.Cell(delivery, row.delivery == .post ? body.with(bold: true) : body),
        Table.Cell("", body),
        Table.Cell(
          row.delivery == .post ? template.text(.registerPostSent) : "",
          small.with(italic: true)),
      ]
    }
    var table = Table(
      columns: [
        .init(share: 22, alignment: .right), .init(share: 112), .init(share: 112),
        .init(share: 68), .init(share: 82), .init(share: 58), .init(share: 78),
      ], header: header, rows: rows)
    table.minimumRowHeight = 26
    table.stripeShade = nil
    return table
  }
}
