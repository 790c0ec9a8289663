import Foundation
import PonyORM
import PonyTemplates
import Testing

@Model struct PriceTag {
    @Field(maxDigits: 8, decimalPlaces: 2) var price: Decimal
    @Field(maxDigits: 8, decimalPlaces: 3) var discount: Decimal?
}

/// A `DecimalField` prints with its field's places, as Django's `Decimal` does (`9.90`, where
/// a Swift `Decimal` alone keeps no trailing zero), on both backends.
@Test(arguments: Backend.available) func decimalFieldsPrintWithTheirPlaces(backend: Backend) async throws {
    try await withDatabase(backend, [PriceTag.self]) { _ in
        try await PriceTag(price: Decimal(string: "9.9")!, discount: nil).save()
        try await PriceTag(price: 12, discount: Decimal(string: "0.5")!).save()
        let tags = try await PriceTag.objects.orderBy("price").fetch()
        let template = try Template(
            "{% for t in tags %}{{ t.price }}/{{ t.discount }}/{{ t.price|floatformat }}/"
                + "{% if t.price == 9.9 %}float{% endif %}{% if t.discount == 0.5 %}half{% endif %};{% endfor %}")
        let output = try template.render(["tags": tags])
        #expect(output == "9.90/None/9.9/;12.00/0.500/12/half;")
    }
}
