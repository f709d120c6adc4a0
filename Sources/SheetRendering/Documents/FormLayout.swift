import DiaryRules
import Foundation

/// Lays a `FormDocument` out as the school's application form: registration stamp and
/// addressee, title, the statement with the pre-filled names in bold and blank lines elsewhere,
/// the choices as boxes to tick, and signature, office and legal-basis lines at the foot.
public struct FormLayout {
  public let template: Template

  public init(template: Template) { self.template = template }

  private var fonts: Template.Fonts { template.fonts }
  /// A form is read and filled in by hand: its statement is set larger than a sheet's body.
  private var text: TextStyle { TextStyle(.serif, size: fonts.heading, alignment: .justify) }
  private var small: TextStyle { TextStyle(.sans, size: fonts.small) }

  /// The form as a page document; the blocks are those of `[blocks] forms` that the form's
  /// kind has.
  public func document(_ form: FormDocument) -> PageDocument {
    let blocks = template.blocks(of: "forms")
    let template = self.template
    return PageDocument(
      flow: blocks.flow.flatMap { self.blocks(named: $0, form) },
      bottom: blocks.bottom.flatMap { self.blocks(named: $0, form) },
      pageLabel: { page, pages in
        template.text(.pageNumber, ["page": String(page), "pages": String(pages)])
      }, pageLabelStyle: small)
  }

  func blocks(named name: String, _ form: FormDocument) -> [Block] {
    switch (name, form.kind) {
    case ("head", _): head(form)
    case ("title", _): title(form)
    case ("body", _): body(form)
    case ("passport", .studentConsent):
      [.space(8), paragraph(.formsConsentPassport, alignment: .left)]
    case ("informed", .refusal): informed()
    case ("delivery", .refusal), ("delivery", .contacts): delivery(form)
    case ("contacts", .contacts): [.space(8), paragraph(.formsContactsOther, alignment: .left)]
    case ("source", .refusal): [.space(8), paragraph(.formsRefusalSource)]
    case ("source", .contacts): contactsSource(form)
    case ("note", .annulment): [.space(8), paragraph(.formsAnnulmentNote)]
    case ("note", .studentConsent): [.space(8), paragraph(.formsConsentNote)]
    case ("signature", _): signature(form)
    case ("teacher", .studentConsent):
      [
        .space(14),
        paragraph(.formsConsentTeacher, ["teacher": form.homeroomTeacher], alignment: .left),
      ]
    case ("office", _):
      [
        .space(10), .rule(weight: 0.4, dashed: true), .space(4),
        .text(template.text(.formsOffice), small.with(size: fonts.body)),
      ]
    case ("footer", _):
      [
        .space(8), .rule(weight: 0.5),
        .text(template.text(.formsLegalBasis), small.with(alignment: .justify)),
      ]
    default: []
    }
  }

  // MARK: - Head

  private func head(_ form: FormDocument) -> [Block] {
    let body = TextStyle(.sans, size: fonts.body)
    let signer = form.kind == .studentConsent ? form.student : form.guardian
    var addressee: [Block] = [
      .text(
        filled(.formsAddressee, ["school": form.school], blank: .formsBlankName),
        body.with(size: fonts.heading), markup: true)
    ]
    if form.kind == .studentConsent {
      addressee.append(
        .text(
          filledMarkup(
            .formsFromStudent,
            [
              "name": value(signer?.full, blank: .formsBlankName),
              "class": value(form.className, blank: .formsBlankShort),
            ]), body.with(size: fonts.heading), markup: true))
    } else {
      addressee.append(
        .text(
          filledMarkup(.formsFrom, ["name": value(signer?.full, blank: .formsBlankName)]),
          body.with(size: fonts.heading), markup: true))
    }
    if signer == nil {
      addressee.append(.text(template.text(.formsNameHint), small.with(alignment: .center)))
    }
    return [
      .columns(
        [
          .init(share: 0.9, [.text(template.text(.formsRegistration), body)]),
          .init(share: 0.2, []),
          .init(share: 1.2, addressee),
        ], gap: 8)
    ]
  }

  private func title(_ form: FormDocument) -> [Block] {
    let keys: (TextKey, TextKey)
    switch form.kind {
    case .refusal: keys = (.formsRefusalTitle, .formsRefusalSubtitle)
    case .annulment: keys = (.formsAnnulmentTitle, .formsAnnulmentSubtitle)
    case .studentConsent: keys = (.formsConsentTitle, .formsConsentSubtitle)
    case .contacts: keys = (.formsContactsTitle, .formsContactsSubtitle)
    }
    return [
      .space(16),
      .text(
        template.text(keys.0),
        TextStyle(.sans, size: fonts.title + 1, bold: true, alignment: .center)),
      .space(3),
      .text(
        template.text(keys.1), TextStyle(.sans, size: fonts.heading, bold: true, alignment: .center)
      ),
      .space(10),
    ]
  }

  // MARK: - The statement

  private func body(_ form: FormDocument) -> [Block] {
    var values: [String: Value] = [
      "guardian": value(form.guardian?.full, blank: .formsBlankName),
      "student": value(form.student?.full, blank: .formsBlankName),
      "class": value(form.className, blank: .formsBlankShort),
    ]
    let key: TextKey
    switch form.kind {
    case .refusal: key = .formsRefusalBody
    case .contacts: key = .formsContactsBody
    case .annulment:
      key = .formsAnnulmentBody
      if let refusal = form.refusal {
        values["refusal"] = .given(
          template.text(
            .formsAnnulmentRefusal,
            ["date": template.date(refusal.signedOn), "reference": refusal.reference]))
      } else {
        values["refusal"] = .blank(template.text(.formsAnnulmentRefusalBlank))
      }
    case .studentConsent:
      key = .formsConsentBody
      values["birth_date"] = value(form.birthDate.map(template.date), blank: .formsBlankDate)
    }
    return [.text(filledMarkup(key, values), text, markup: true)]
  }

  private func informed() -> [Block] {
    [
      .space(8),
      .framed(
        [.text(template.text(.formsRefusalInformed), text)], weight: 1.2),
      .space(6),
      paragraph(.formsRefusalAcknowledged, alignment: .left),
    ]
  }

  /// The three delivery methods as boxes; the one on record is ticked, with its address.
  private func delivery(_ form: FormDocument) -> [Block] {
    let options: [(Delivery, TextKey)] = [
      (.student, .formsDeliveryStudent), (.inPerson, .formsDeliveryInPerson),
      (.post, .formsDeliveryPost),
    ]
    var blocks: [Block] = [.space(8), paragraph(.formsDeliveryTitle, alignment: .left), .space(2)]
    for (method, key) in options {
      let ticked = form.delivery == method
      let box = template.text(ticked ? .formsBoxTicked : .formsBoxEmpty)
      let address = method == .post && form.delivery == .post ? form.address : nil
      let line = filledMarkup(key, ["address": value(address, blank: .formsBlankAddress)])
      blocks.append(
        .columns(
          [
            .init(
              share: 0.06,
              [.text(Markup.escape(box), text.with(size: fonts.title + 2), markup: true)]),
            .init(
              share: 0.94, [.space(2), .text(line, text.with(alignment: .left), markup: true)]),
          ], gap: 2))
    }
    return blocks
  }

  private func contactsSource(_ form: FormDocument) -> [Block] {
    var blocks: [Block] = [.space(8), paragraph(.formsContactsSource)]
    if let document = form.contactDocument, !document.isEmpty {
      blocks.append(.space(4))
      blocks.append(paragraph(.formsContactsPrevious, ["document": document]))
    }
    return blocks
  }

  // MARK: - Foot

  /// Date, signature and the signer's name side by side, each over its hint.
  private func signature(_ form: FormDocument) -> [Block] {
    let signer = form.kind == .studentConsent ? form.student : form.guardian
    let name = filledMarkup(
      .formsSignatureName, ["name": value(signer?.full, blank: .formsBlankName)])
    let column = { (share: Double, line: String, hint: TextKey) -> Block.Column in
      .init(
        share: share,
        [
          .text(line, self.text.with(alignment: .center), markup: true),
          .text(self.template.text(hint), self.small.with(alignment: .center)),
        ])
    }
    return [
      .space(18),
      .columns(
        [
          column(1.25, Markup.escape(template.text(.formsBlankDate)), .formsDateHint),
          column(0.75, Markup.escape(template.text(.formsSignature)), .formsSignatureHint),
          column(1.4, name, .formsSignatureNameHint),
        ], gap: 10),
    ]
  }

  // MARK: - Filling in

  /// A placeholder's value: something the store gave (printed bold) or a blank line for the pen.
  enum Value {
    case given(String)
    case blank(String)
  }

  private func value(_ given: String?, blank: TextKey) -> Value {
    if let given, !given.isEmpty { return .given(given) }
    return .blank(template.text(blank))
  }

  private func paragraph(
    _ key: TextKey, _ values: [String: String?] = [:], alignment: TextAlignment = .justify
  ) -> Block {
    var filled: [String: Value] = [:]
    for (name, given) in values { filled[name] = value(given, blank: .formsBlankName) }
    return .text(filledMarkup(key, filled), text.with(alignment: alignment), markup: true)
  }

  private func filled(_ key: TextKey, _ values: [String: String?], blank: TextKey) -> String {
    filledMarkup(key, values.mapValues { value($0, blank: blank) })
  }

  /// The text of `key` as Pango markup: everything escaped, given values in bold. The values
  /// go in between two private-use characters that no template or store text holds, so the
  /// bold tags land around them after the whole text has been escaped.
  func filledMarkup(_ key: TextKey, _ values: [String: Value]) -> String {
    let open = "\u{E000}"
    let close = "\u{E001}"
    var strings: [String: String] = [:]
    for (name, value) in values {
      switch value {
      case .given(let text):
        let clean = text.replacingOccurrences(of: open, with: "")
          .replacingOccurrences(of: close, with: "")
        strings[name] = open + clean + close
      case .blank(let text): strings[name] = text
      }
    }
    return Markup.escape(template.text(key, strings))
      .replacingOccurrences(of: open, with: "<b>")
      .replacingOccurrences(of: close, with: "</b>")
  }
}
