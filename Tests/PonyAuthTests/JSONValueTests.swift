import PonySupport
import Testing

/// `JSONValue` reads and writes JSON as Python's `json` module does, checked against
/// `json.dumps(value, separators=(",", ":"))` and `repr(float)` from real Python (fixtures).
@Suite struct JSONValueTests {
    let fixtures = DjangoFixtures.shared

    @Test func floatsAreWrittenAsPythonRepr() throws {
        #expect(fixtures["floats"].count == 20)
        for entry in fixtures["floats"] {
            let value = try #require(entry["value"])
            #expect(value.pythonJSON == entry["repr"]?.stringValue)
        }
    }

    @Test func valuesAreWrittenAsPythonJSON() throws {
        for entry in fixtures["json"] {
            let text = try #require(entry["text"]?.stringValue)
            #expect(try #require(entry["value"]).pythonJSON == text)
            #expect(try JSONValue(parsing: text).pythonJSON == text)
        }
    }

    @Test func objectsKeepTheirOrderAndPythonsDuplicateRule() throws {
        let value = try JSONValue(parsing: #"{"b": 1, "a": 2, "b": 3}"#)
        #expect(value.pythonJSON == #"{"b":3,"a":2}"#)
        var object: JSONObject = ["z": 1, "y": 2]
        object["z"] = nil
        object["x"] = 3
        #expect(JSONValue.object(object).pythonJSON == #"{"y":2,"x":3}"#)
    }

    /// Small objects find keys by comparison, larger ones through a table of positions: both
    /// keep Python's order and duplicate rule, through removals and growth past the limit.
    @Test(arguments: [3, 12, 13, 40])
    func objectsOfEverySizeBehaveAsPythonDicts(size: Int) throws {
        let keys = (0..<size).map { "k\($0)" }
        var object = JSONObject()
        for (index, key) in keys.enumerated() { object[key] = .int(Int64(index)) }
        #expect(object.keys == keys)
        #expect(keys.allSatisfy { object[$0] == .int(Int64(keys.firstIndex(of: $0) ?? -1)) })
        #expect(object["missing"] == nil)
        // Replacing keeps the place; removing and adding again moves the key to the end.
        object[keys[0]] = "first"
        object[keys[1]] = nil
        object[keys[1]] = "again"
        #expect(object.keys == [keys[0]] + keys.dropFirst(2) + [keys[1]])
        #expect(object.count == size)
        #expect(object[keys[0]] == "first" && object[keys[1]] == "again" && object[keys[size - 1]] != nil)
        // Removing shrinks it back below the limit and every key is still found.
        for key in keys.dropFirst(2) { object[key] = nil }
        #expect(object.keys == [keys[0], keys[1]])
        #expect(object[keys[1]] == "again" && object[keys[2]] == nil)
        // Parsed with a repeated key: first place, last value.
        let text = "{" + keys.map { "\"\($0)\": 1" }.joined(separator: ", ") + ", \"k0\": 2}"
        let parsed = try JSONValue(parsing: text)
        #expect(parsed["k0"] == 2 && parsed["k\(size - 1)"] == 1)
        if case .object(let members) = parsed { #expect(members.keys == keys) }
    }

    @Test(arguments: [4, 30])
    func objectEqualityAndHashIgnoreOrder(size: Int) {
        let keys = (0..<size).map { "k\($0)" }
        var forward = JSONObject()
        var backward = JSONObject()
        for key in keys { forward[key] = .string(key) }
        for key in keys.reversed() { backward[key] = .string(key) }
        #expect(forward == backward)
        #expect(forward.hashValue == backward.hashValue)
        #expect(Set([JSONValue.object(forward), .object(backward)]).count == 1)
        var changed = backward
        changed[keys[0]] = "other"
        #expect(forward != changed)
        var fewer = forward
        fewer[keys[1]] = nil
        #expect(forward != fewer && fewer != forward)
        var extra = fewer
        extra["new"] = .string(keys[1])
        #expect(extra != forward && forward != extra)
    }

    /// Python's `json.dumps` with its default separators and with `ensure_ascii=False` (outputs
    /// copied from Python 3.11).
    @Test func separatorsAndEnsureASCIIAsPythonWritesThem() {
        let value: JSONValue = ["a": ["é\n🐴\u{7F}\"\\", 1.5, nil, true], "b": [:]]
        #expect(
            value.pythonJSON(compact: false, asciiOnly: true)
                == #"{"a": ["\u00e9\n\ud83d\udc34\u007f\"\\", 1.5, null, true], "b": {}}"#)
        #expect(
            value.pythonJSON(compact: false, asciiOnly: false)
                == "{\"a\": [\"é\\n🐴\u{7F}\\\"\\\\\", 1.5, null, true], \"b\": {}}")
        #expect(
            value.pythonJSON(compact: true, asciiOnly: false)
                == "{\"a\":[\"é\\n🐴\u{7F}\\\"\\\\\",1.5,null,true],\"b\":{}}")
        #expect(value.pythonJSONBytes() == Array(value.pythonJSON.utf8))
        #expect(pythonJSONQuoted("é\u{1}") == #""\u00e9\u0001""#)
        #expect(pythonJSONQuoted("é\u{1}", asciiOnly: false) == #""é\u0001""#)
    }

    @Test func pythonExtensionsAndEscapes() throws {
        #expect(try JSONValue(parsing: "[NaN, Infinity, -Infinity]").pythonJSON == "[NaN,Infinity,-Infinity]")
        #expect(try JSONValue(parsing: #""\ud83d\udc34 \u00e9 \/""#) == .string("🐴 é /"))
        #expect(try JSONValue(parsing: #""\ud83d alone""#) == .string("\u{FFFD} alone"))
        #expect(try JSONValue(parsing: "123456789012345678901234567890") == .double(1.2345678901234568e29))
        #expect(try JSONValue(parsing: "-0") == .int(0))
        #expect(try JSONValue(parsing: " 1.5e3 ") == .double(1500))
    }

    @Test func malformedJSONIsAnErrorNotATrap() {
        let bad = [
            "", "[", "{", "{\"a\"}", "{\"a\":}", "[1,]", "01", "1.", "-", "\"\\x\"", "\"\\u12\"", "\"a", "tru",
            "[1] 2", "{\"a\":1,}", "\"\u{1}\"", "nul", "-Infinit", String(repeating: "[", count: 100_000),
        ]
        for text in bad {
            #expect(throws: JSONParseError.self, "\(text.prefix(20))") { try JSONValue(parsing: text) }
        }
        #expect(throws: Never.self) {
            try JSONValue(parsing: String(repeating: "[", count: 500) + String(repeating: "]", count: 500))
        }
        // Bytes that are not UTF-8 (a lone continuation byte, a truncated sequence, an
        // overlong "/", a surrogate), with or without an escape beside them, as Python's
        // json.loads refuses them. Among them, truncated sequences that start as U+FFFD's own
        // bytes (EF BF) or are as long as it (F0 9F 98), which the parser's check must not
        // take for a U+FFFD that was in the input.
        for bytes: [UInt8] in [
            [0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22],
            [0x22, 0x5C, 0x6E, 0xE2, 0x82, 0x22], [0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D],
            [0x22, 0xEF, 0xBF, 0x41, 0x22], [0x22, 0xEF, 0x22], [0x22, 0xF0, 0x9F, 0x98, 0x22],
            [0x22, 0x41, 0xF0, 0x9F, 0x98, 0x5C, 0x6E, 0x22],
        ] {
            #expect(throws: JSONParseError.self, "\(bytes)") { try JSONValue(parsing: bytes) }
        }
        #expect((try? JSONValue(parsing: [0x22, 0xC3, 0xA9, 0x5C, 0x6E, 0xC3, 0xA9, 0x22])) == .string("é\né"))
        #expect((try? JSONValue(parsing: [0x22, 0xEF, 0xBF, 0xBD, 0xC3, 0xA9, 0x22])) == .string("\u{FFFD}é"))
        #expect((try? JSONValue(parsing: [0x22, 0xF0, 0x9F, 0x90, 0xB4, 0x22])) == .string("🐴"))
    }
}
