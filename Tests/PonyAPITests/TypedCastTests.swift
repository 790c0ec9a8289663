import Foundation
import Testing

@testable import PonyAPI

/// `exactly(_:as:)`, the decoder's cast from `Any` without an `Optional<T>`: the value when the
/// types are the same, `PlaceholderUnavailable` (never a trap) when they are not.
@Suite struct TypedCastTests {
    @Test func sameTypesCastAndOthersThrow() throws {
        #expect(try exactly(String(repeating: "long text ", count: 10) as Any, as: String.self).count == 100)
        #expect(try exactly(42 as Any, as: Int.self) == 42)
        #expect(try exactly(Decimal(string: "1.25") as Any, as: Decimal?.self) == Decimal(string: "1.25"))
        #expect(try exactly(Int?.none as Any, as: Int?.self) == nil)
        #expect(try exactly([1, 2] as Any, as: [Int].self) == [1, 2])
        #expect(throws: PlaceholderUnavailable.self) { try exactly(42 as Any, as: Int64.self) }
        #expect(throws: PlaceholderUnavailable.self) { try exactly("42" as Any, as: Int.self) }
        #expect(throws: PlaceholderUnavailable.self) { try exactly(42 as Any, as: Int?.self) }
        #expect(throws: PlaceholderUnavailable.self) { try exactly(UInt8(1) as Any, as: Int.self) }
    }
}
