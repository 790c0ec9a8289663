// libFuzzer entry point for the multipart/form-data parser (Fuzz/multipart.sh).
// Any input must parse or throw MultipartError; a crash, a hang or a sanitizer report is a
// bug. The input is parsed twice, whole and in pieces of a size its first byte picks, and
// both readings must agree: events that depended on how the bytes arrived would be a bug too.

import Foundation

/// What a reading produced: the parts' headers and contents in order, or the error.
func reading(_ body: ArraySlice<UInt8>, chunk: Int) -> String {
    var parser = MultipartParser(boundary: "fuzzboundary", maximumHeaderSize: 256)
    var log = ""
    var content: [UInt8] = []
    var index = body.startIndex
    do {
        repeat {
            let end = min(body.endIndex, index + chunk)
            parser.feed(body[index..<end])
            index = end
            while let event = try parser.next() {
                switch event {
                case .part(let headers): log += "part \(headers)\n"
                case .data(let bytes): content += bytes
                case .end:
                    log += "content \(content)\nend\n"
                    content = []
                }
            }
        } while index < body.endIndex
        try parser.finish()
        return log + "finished"
    } catch {
        return log + "error \(error.message)"
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMultipart(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let first = bytes.first else { return 0 }
    let body = bytes.dropFirst()
    let whole = reading(body, chunk: max(body.count, 1))
    let pieces = reading(body, chunk: Int(first % 32) + 1)
    // NB: an error's position may differ (a header block found too large in pieces may be
    // measured whole), but what was read before it, and whether it failed, may not.
    if whole != pieces, !(whole.contains("error") && pieces.contains("error")) {
        fatalError("chunked reading differs:\n\(whole)\n---\n\(pieces)")
    }
    _ = HeaderParameters.parse(String(decoding: body, as: UTF8.self))
    _ = HeaderParameters.extendedValue(String(decoding: body, as: UTF8.self))
    _ = try? MultipartParser.boundary(contentType: String(decoding: body, as: UTF8.self))
    return 0
}
