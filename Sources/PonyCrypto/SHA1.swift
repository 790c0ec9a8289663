/// SHA-1 (FIPS 180-4): Django's `pbkdf2_sha1` and signing before 3.1; kept for old values.
package struct SHA1: HashFunction {
    package static let blockSize = 64
    package static let digestSize = 20
    package static let bigEndianLength = true

    private var h0: UInt32 = 0x6745_2301
    private var h1: UInt32 = 0xefcd_ab89
    private var h2: UInt32 = 0x98ba_dcfe
    private var h3: UInt32 = 0x1032_5476
    private var h4: UInt32 = 0xc3d2_e1f0

    package init() {}

    package mutating func compress(_ block: UnsafeRawPointer) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 80) { w in
            for index in 0..<16 {
                w[index] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: index &* 4, as: UInt32.self))
            }
            for index in 16..<80 {
                w[index] = rotate(w[index &- 3] ^ w[index &- 8] ^ w[index &- 14] ^ w[index &- 16], 31)
            }
            var (a, b, c, d, e) = (h0, h1, h2, h3, h4)
            // NB: one loop per round function, so that no round branches.
            func step(_ f: UInt32, _ k: UInt32, _ index: Int) {
                let temp = rotate(a, 27) &+ f &+ e &+ k &+ w[index]
                e = d
                d = c
                c = rotate(b, 2)
                b = a
                a = temp
            }
            for index in 0..<20 { step(d ^ (b & (c ^ d)), 0x5a82_7999, index) }
            for index in 20..<40 { step(b ^ c ^ d, 0x6ed9_eba1, index) }
            for index in 40..<60 { step((b & c) | (d & (b | c)), 0x8f1b_bcdc, index) }
            for index in 60..<80 { step(b ^ c ^ d, 0xca62_c1d6, index) }
            h0 &+= a
            h1 &+= b
            h2 &+= c
            h3 &+= d
            h4 &+= e
        }
    }

    package func write(to digest: UnsafeMutableRawPointer) {
        digest.storeBytes(of: h0.bigEndian, toByteOffset: 0, as: UInt32.self)
        digest.storeBytes(of: h1.bigEndian, toByteOffset: 4, as: UInt32.self)
        digest.storeBytes(of: h2.bigEndian, toByteOffset: 8, as: UInt32.self)
        digest.storeBytes(of: h3.bigEndian, toByteOffset: 12, as: UInt32.self)
        digest.storeBytes(of: h4.bigEndian, toByteOffset: 16, as: UInt32.self)
    }
}

/// `value` rotated right by `count` bits. NB: private to each file, so that debug builds
/// (one file at a time) can inline it.
@inline(__always) private func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 {
    (value &>> count) | (value &<< (32 &- count))
}
