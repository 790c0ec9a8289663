public import PonyAuth
public import Testing

/// Checks that the request of `response` had the messages `expected`, as Django's
/// `assertMessages` (`MessagesTestMixin`): those a page showed and those kept for the next,
/// compared by level and text (not their extra tags), in order unless `ordered` is `false`.
///
/// ```swift
/// let page = await client.post("/tasks/1/delete/", form: [:])
/// assertMessages(page, [Message(level: .success, message: "Task deleted.")])
/// ```
///
/// A failure gives unittest's message, as Django's does: `Lists differ: […] != […]` with the
/// first differing message, or `Element counts were not equal:` when unordered.
public func assertMessages(
    _ response: TestResponse, _ expected: [Message], ordered: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let equal: (Message, Message) -> Bool = { $0.level == $1.level && $0.message == $1.message }
    let failure =
        ordered
        ? listsDiffer(response.messages, expected, repr: djangoRepr, equal: equal)
        : countsDiffer(response.messages, expected, repr: djangoRepr, equal: equal)
    if let failure { fail(failure, sourceLocation) }
}

/// Django's `repr` of a message: `Message(level=25, message='Saved.')`, with
/// `extra_tags='…'` when it has some.
private func djangoRepr(_ message: Message) -> String {
    let tags = message.extraTags.isEmpty ? "" : ", extra_tags=" + pythonValueRepr(message.extraTags)
    return "Message(level=\(message.level.rawValue), message=\(pythonValueRepr(message.message))\(tags))"
}
