import Foundation
import PonySupport
import Testing

/// Forms and model validation check emails, URLs, slugs and IPv4 addresses with
/// ``TextFormats``; these tests hold it to Django 5.2's validators, whose answers
/// Fixtures/django_validators.json keeps (made by django_validators.py).
@Suite struct TextFormatsTests {
    static let answers: [String: [(value: String, valid: Bool)]] = {
        guard let url = Bundle.module.url(forResource: "Fixtures/django_validators", withExtension: "json"),
            let data = try? Data(contentsOf: url),
            let lists = try? JSONSerialization.jsonObject(with: data) as? [String: [[Any]]]
        else { return [:] }
        return lists.mapValues { pairs in
            pairs.compactMap { pair in
                guard let value = pair.first as? String, let valid = pair.last as? Bool else { return nil }
                return (value, valid)
            }
        }
    }()

    @Test(
        arguments: [
            ("email", TextFormats.isEmail), ("url", TextFormats.isURL), ("slug", TextFormats.isSlug),
            ("ipv4", TextFormats.ipv4),
        ] as [(String, @Sendable (String) -> Bool)])
    func answersAsDjango(_ validator: String, _ check: @Sendable (String) -> Bool) {
        let answers = Self.answers[validator] ?? []
        #expect(answers.count >= 7)
        for answer in answers {
            #expect(check(answer.value) == answer.valid, "\(validator): \(answer.value.debugDescription)")
        }
    }
}
