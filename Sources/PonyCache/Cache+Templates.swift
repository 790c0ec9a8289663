import Foundation
internal import PonyCrypto
internal import PonySupport
public import PonyTemplates

extension Cache: TemplateFragmentCache {
    /// Django's `make_template_fragment_key`: the key `{% cache %}` keeps a fragment under,
    /// to delete it when what it shows changes (`cache.delete(Cache.templateFragmentKey("sidebar", ["ann"]))`).
    public static func templateFragmentKey(_ name: String, varyingOn values: [String] = []) -> String {
        var hasher = Digester<MD5>()
        for value in values {
            hasher.update(Array(value.utf8))
            hasher.update(Array(":".utf8))
        }
        return "template.cache.\(name).\(hexString(hasher.finalize()))"
    }

    /// The fragment `{% cache %}` kept, from an in-memory cache.
    public func fragment(named name: String, varyingOn values: [String]) throws -> String? {
        let key = makeKey(Self.templateFragmentKey(name, varyingOn: values))
        switch store {
        case let memory as LocMemStore:
            return memory.getNow(key).flatMap { try? JSONDecoder().decode(String.self, from: Data($0)) }
        case is DummyStore:
            return nil
        default:
            throw CacheError.notInMemory
        }
    }

    /// Keeps a fragment for `{% cache %}` in an in-memory cache.
    public func keep(_ fragment: String, named name: String, varyingOn values: [String], timeout: Int?) throws {
        let key = makeKey(Self.templateFragmentKey(name, varyingOn: values))
        switch store {
        case let memory as LocMemStore:
            memory.setNow(
                key, try Self.encode(fragment), expiry: expiry(timeout.map { .seconds(Double($0)) } ?? .never).date)
        case is DummyStore:
            break
        default:
            throw CacheError.notInMemory
        }
    }
}
