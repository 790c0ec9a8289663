// libFuzzer entry point for the JSON reader (Fuzz/json.sh), which reads every JSON body
// an API endpoint receives, and the session and signed values a client sends back.
// Any input must parse or throw JSONParseError at an offset inside the input; a crash, a hang
// or a sanitizer report is a bug. What parses must write as Python's `json.dumps` writes it
// and read back to the same text, with and without `ensure_ascii`.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let value: JSONValue
    do {
        value = try JSONValue(parsing: bytes)
    } catch {
        if !(0...bytes.count).contains(error.offset) {
            fatalError("error offset \(error.offset) outside the \(bytes.count) bytes: \(error)")
        }
        return 0
    }
    for asciiOnly in [true, false] {
        let written = value.pythonJSON(compact: true, asciiOnly: asciiOnly)
        guard let again = try? JSONValue(parsing: written) else {
            fatalError("its own output does not read back: \(written)")
        }
        let rewritten = again.pythonJSON(compact: true, asciiOnly: asciiOnly)
        if rewritten != written { fatalError("round trip changed the value:\n\(written)\n\(rewritten)") }
    }
    return 0
}
