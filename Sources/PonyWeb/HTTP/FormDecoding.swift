internal import Foundation
internal import Hummingbird

/// Decoding `Decodable` values from form fields and describing decoding errors for humans.
enum FormDecoding {
    static func decode<T: Decodable>(_ type: T.Type, from form: QueryDict) throws(HTTPError) -> T {
        do {
            return try URLEncodedFormDecoder().decode(type, from: form.urlEncoded)
        } catch let error as DecodingError {
            throw HTTPError(.badRequest, "Invalid form data: \(DecodingErrorDescription(error))")
        } catch {
            throw HTTPError(.badRequest, "Invalid form data: \(error)")
        }
    }
}

/// A one-line, human description of a `DecodingError` naming the field involved.
struct DecodingErrorDescription: CustomStringConvertible {
    let error: DecodingError
    init(_ error: DecodingError) { self.error = error }

    var description: String {
        func path(_ context: DecodingError.Context) -> String {
            let names = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return names.isEmpty ? "the top level" : "\"" + names.joined(separator: ".") + "\""
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = context.codingPath.isEmpty ? "" : " in \(path(context))"
            return "missing field \"\(key.stringValue)\"\(parent)."
        case .typeMismatch(let type, let context):
            return "\(path(context)) should be \(type)."
        case .valueNotFound(let type, let context):
            return "\(path(context)) should be a \(type), not null."
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as? NSError)?.userInfo["NSDebugDescription"] as? String
            return "\(context.debugDescription)\(underlying.map { " \($0)" } ?? "") at \(path(context))."
        @unknown default:
            return "\(error)"
        }
    }
}
