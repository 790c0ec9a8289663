import Foundation
import PonySupport
import Testing

@testable import PonyAPI

/// A field's limit checks numbers and text with plain values and words an issue through its
/// `Constraint`: for every bound and value, it finds what the `Constraint` alone finds.
@Suite struct FieldLimitTests {
    static let constraints: [Constraint] = [
        .range(1...100), .range(-2.5...2.5), .minimum(0), .maximum(10), .greaterThan(0), .lessThan(1e6),
        .greaterThan(0.5), [.minimum(-1), .lessThan(1)], .range(Int.min...Int.max), [],
    ]
    static let numbers: [JSONValue] = [
        .int(0), .int(1), .int(-1), .int(2), .int(100), .int(101), .int(10), .int(11), .int(.max), .int(.min),
        .double(0.5), .double(0.4999), .double(2.5), .double(-2.5), .double(2.5000001), .double(1e6),
        .double(.nan), .double(.infinity), .double(-.infinity), .double(-0.0), .double(0x1p63),
    ]

    @Test func numbersBreakTheSameBoundsAsTheConstraintSays() {
        for constraint in Self.constraints {
            let limit = FieldLimit(name: "n", constraint: constraint)
            for number in Self.numbers {
                let slow = constraint.violation(ofNumber: number)
                #expect(limit.allows(number) == (slow == nil), "\(constraint) \(number)")
                #expect(limit.violation(ofNumber: number)?.msg == slow?.msg)
            }
        }
    }

    @Test(arguments: ["", "a", "ab", "abcde", "abcdef", "é", String(repeating: "x", count: 101)])
    func textBreaksTheSameLimitsAsTheConstraintSays(text: String) {
        let constraints: [Constraint] = [
            .length(1...5), .minLength(2), .maxLength(100), .pattern("^a"), [.maxLength(3), .pattern("b$")], [],
        ]
        for constraint in constraints {
            let fast = FieldLimit(name: "t", constraint: constraint).violation(ofText: text)
            #expect(fast?.type == constraint.violation(of: text)?.type, "\(constraint) \(text)")
        }
    }
}
