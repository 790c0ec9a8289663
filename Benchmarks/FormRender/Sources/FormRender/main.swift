// Binds, validates and renders (`{{ form }}`) the 10-field form of Benchmarks/django_form.py
// for SECONDS; prints forms/s. The data has one bad email, so the errors render too.
import Foundation
import PonyForms
import PonyORM
import PonyWeb

let countries = (0..<10).map { ("c\($0)", "Country \($0)") }
let interestChoices = [("a", "Art"), ("b", "Books"), ("c", "Cooking"), ("d", "Dance"), ("e", "Engines")]

final class ProfileForm: Form {
    @CharField(maxLength: 30) var username: String
    @EmailField var email: String
    @IntegerField(minValue: 0, maxValue: 150) var age: Int
    @FloatField var height: Double?
    @DecimalField(maxDigits: 6, decimalPlaces: 2) var salary: Decimal?
    @ChoiceField(choices: countries) var country: String
    @MultipleChoiceField(choices: interestChoices, required: false, widget: .checkboxSelectMultiple) var interests:
        [String]
    @DateField var birthday: CalendarDate
    @URLField var website: String?
    @BooleanField var agree: Bool
}

var data: QueryDict = [
    "username": "ann", "email": "ann-at-example.com", "age": "42", "height": "1.75", "salary": "1234.50",
    "country": "c3", "birthday": "1984-05-06", "website": "example.com", "agree": "on",
]
data.append("interests", "b")
data.append("interests", "d")

if CommandLine.arguments.dropFirst().first == "--html" {
    print(ProfileForm(data: data).description)
    exit(0)
}
let seconds = Double(CommandLine.arguments.dropFirst().first ?? "3") ?? 3
var forms = 0
var length = 0
let start = Date()
while Date().timeIntervalSince(start) < seconds {
    for _ in 0..<100 {
        let form = ProfileForm(data: data)
        if !form.isValid { length &+= form.description.utf8.count }
    }
    forms += 100
}
precondition(length > 0)
print(String(format: "%.0f", Double(forms) / Date().timeIntervalSince(start)))
