import Pony
import Testing

/// `RequestStorage` keeps its first value inline and the others in a list: every order of
/// setting, replacing and removing must read back what was stored, by key and type.
@Suite struct RequestStorageTests {
    enum Name: RequestStorageKey { typealias Value = String }
    enum Count: RequestStorageKey { typealias Value = Int }
    enum Flag: RequestStorageKey { typealias Value = Bool }

    @Test func valuesReadBackByKey() {
        var storage = RequestStorage()
        #expect(storage[Name.self] == nil)
        storage[Name.self] = "first"
        storage[Count.self] = 2
        storage[Flag.self] = true
        #expect(storage[Name.self] == "first")
        #expect(storage[Count.self] == 2)
        #expect(storage[Flag.self] == true)
        storage[Count.self] = 3
        storage[Name.self] = "again"
        #expect(storage[Count.self] == 3)
        #expect(storage[Name.self] == "again")
    }

    @Test func removingTheFirstValueKeepsTheOthers() {
        var storage = RequestStorage()
        storage[Name.self] = "first"
        storage[Count.self] = 2
        storage[Flag.self] = false
        storage[Name.self] = nil
        #expect(storage[Name.self] == nil)
        #expect(storage[Count.self] == 2)
        #expect(storage[Flag.self] == false)
        storage[Flag.self] = nil
        #expect(storage[Flag.self] == nil)
        #expect(storage[Count.self] == 2)
        storage[Count.self] = nil
        #expect(storage[Count.self] == nil)
        storage[Flag.self] = true
        #expect(storage[Flag.self] == true)
        #expect(storage[Name.self] == nil)
    }

    @Test func copiesAreIndependent() {
        var storage = RequestStorage()
        storage[Name.self] = "shared"
        var copy = storage
        copy[Name.self] = "changed"
        copy[Count.self] = 1
        #expect(storage[Name.self] == "shared")
        #expect(storage[Count.self] == nil)
        #expect(copy[Name.self] == "changed")
    }
}
