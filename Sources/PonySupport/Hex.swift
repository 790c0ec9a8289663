/// Lower-case hexadecimal text of bytes, two digits each (`[0x0f, 0xa0]` → `"0fa0"`).
public func hexString(_ bytes: some Sequence<UInt8>) -> String {
    let digits: StaticString = "0123456789abcdef"
    var output: [UInt8] = []
    output.reserveCapacity(bytes.underestimatedCount * 2)
    digits.withUTF8Buffer { digits in
        for byte in bytes {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0x0F)])
        }
    }
    return String(decoding: output, as: UTF8.self)
}
