import DiaryRules

extension Delivery {
  /// A guardian's delivery as the store holds it. The schema allows only the three, so any other
  /// text is a store changed outside PaperDiary: an error that says so, never a guess that would
  /// drop a paper recipient or file a sheet under the wrong delivery.
  static func stored(_ text: String, guardian: @autoclosure () -> String) throws(StoreError)
    -> Delivery
  {
    guard let delivery = Delivery(rawValue: text) else {
      throw .database(
        context: "reading guardian '\(guardian())'",
        underlying: "delivery '\(text)' is none of "
          + allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
          + "; the store was changed outside PaperDiary: import the school's export again")
    }
    return delivery
  }
}
