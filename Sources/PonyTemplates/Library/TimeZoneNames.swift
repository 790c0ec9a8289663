import Foundation
internal import Synchronization

/// Time zone abbreviations ("EST", "CET") as Python's `zoneinfo` gives them, read from the
/// system's tz database (TZif files); Foundation's are ICU's ("GMT-5"), which Django never
/// prints.
enum TimeZoneNames {
    /// One zone's local time types and the instants it switches between them.
    struct Zone {
        let transitions: [Int64]
        let typeIndices: [UInt8]
        let types: [(offset: Int32, isDST: Bool, abbreviation: String)]

        func abbreviation(at instant: Int64) -> String? {
            guard !types.isEmpty else { return nil }
            var low = 0
            var high = transitions.count
            while low < high {
                let middle = (low + high) / 2
                if transitions[middle] <= instant { low = middle + 1 } else { high = middle }
            }
            if low == 0 { return (types.first { !$0.isDST } ?? types[0]).abbreviation }
            let index = Int(typeIndices[low - 1])
            return index < types.count ? types[index].abbreviation : nil
        }
    }

    private static let zones = Mutex<[String: Zone?]>([:])

    /// The abbreviation in force in `timeZone` at `date`.
    static func abbreviation(_ timeZone: TimeZone, at date: Date) -> String {
        let identifier = timeZone.identifier
        // NB: Foundation reports UTC as "GMT"; Django's UTC is `zoneinfo.ZoneInfo("UTC")`.
        if identifier == "UTC" || identifier == "GMT" { return "UTC" }
        let zone = zones.withLock { cache in
            if let cached = cache[identifier] { return cached }
            let loaded = load(identifier)
            cache[identifier] = loaded
            return loaded
        }
        return zone?.abbreviation(at: Int64(date.timeIntervalSince1970.rounded(.down)))
            ?? timeZone.abbreviation(for: date) ?? identifier
    }

    /// Reads the 64-bit (version 2+) part of a TZif file.
    static func load(_ identifier: String) -> Zone? {
        guard !identifier.contains(".."),
            let data = FileManager.default.contents(atPath: "/usr/share/zoneinfo/" + identifier)
        else { return nil }
        let bytes = [UInt8](data)
        func integer(_ offset: Int, _ size: Int) -> Int64? {
            guard offset + size <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[offset..<(offset + size)] { value = value << 8 | Int64(byte) }
            // Sign-extend 32-bit values.
            if size == 4, value & 0x8000_0000 != 0 { value -= 1 << 32 }
            return value
        }
        func counts(_ at: Int) -> [Int]? {
            guard bytes.count >= at + 44, bytes[at..<(at + 4)].elementsEqual("TZif".utf8) else { return nil }
            return (0..<6).compactMap { integer(at + 20 + $0 * 4, 4).map(Int.init) }
        }
        guard let first = counts(0), first.count == 6, bytes[4] >= UInt8(ascii: "2") else { return nil }
        // Skip the 32-bit block to the 64-bit header.
        let v1Size = first[3] * 5 + first[4] * 6 + first[5] + first[2] * 8 + first[1] + first[0]
        let header = 44 + v1Size
        guard let c = counts(header), c.count == 6 else { return nil }
        // The counts are isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt.
        let (timeCount, typeCount, charCount) = (c[3], c[4], c[5])
        var offset = header + 44
        var transitions: [Int64] = []
        for index in 0..<timeCount {
            guard let time = integer(offset + index * 8, 8) else { return nil }
            transitions.append(time)
        }
        offset += timeCount * 8
        guard offset + timeCount + typeCount * 6 + charCount <= bytes.count else { return nil }
        let typeIndices = Array(bytes[offset..<(offset + timeCount)])
        offset += timeCount
        let charsStart = offset + typeCount * 6
        var types: [(offset: Int32, isDST: Bool, abbreviation: String)] = []
        for index in 0..<typeCount {
            let base = offset + index * 6
            guard let utcOffset = integer(base, 4) else { return nil }
            let start = charsStart + Int(bytes[base + 5])
            let end = bytes[start..<(charsStart + charCount)].firstIndex(of: 0) ?? (charsStart + charCount)
            types.append((Int32(utcOffset), bytes[base + 4] != 0, String(decoding: bytes[start..<end], as: UTF8.self)))
        }
        return Zone(transitions: transitions, typeIndices: typeIndices, types: types)
    }
}
