import PonyForms
import PonyWeb
import Testing

/// `changedData` and `hasChanged`, with the answers Django 5.2 gives for the same form
/// (`ContactForm(data=…, initial=…).changed_data`, run by hand with Django 5.2.19).
@Suite struct ChangedDataTests {
    static let initial: [String: any Sendable] = ["subject": "Hi", "sender": "a@b.c", "message": "old"]

    @Test func changedFieldsInFormOrder() {
        let form = ContactForm(
            data: ["subject": "Hi", "sender": "a@b.c", "message": "new", "cc_myself": "on"], initial: Self.initial)
        #expect(form.changedData == ["message", "cc_myself"])
        #expect(form.hasChanged)
    }

    @Test func sameValuesAndUnboundFormsHaveNoChanges() {
        let same = ContactForm(data: ["subject": "Hi", "sender": "a@b.c", "message": "old"], initial: Self.initial)
        #expect(same.changedData.isEmpty)
        #expect(!same.hasChanged)
        #expect(ContactForm(initial: Self.initial).changedData.isEmpty)
    }
}
