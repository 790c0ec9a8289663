internal import CPonySHA

/// SHA-256 (FIPS 180-4): Django's signing and password hashing default. With the CPU's SHA
/// extensions when it has them (`CPonySHA`), in Swift otherwise.
package struct SHA256: HashFunction {
    package static let blockSize = 64
    package static let digestSize = 32
    package static let bigEndianLength = true

    /// The eight working words, A to H, together in memory for `pony_sha256_blocks`.
    private var h: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )

    package init() {}

    /// Whether the CPU has the SHA extensions, asked once.
    static let hardware = pony_sha256_hardware() == 1

    /// The first 32 bits of the fractional parts of the cube roots of the first 64 primes.
    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    package mutating func compress(_ block: UnsafeRawPointer) {
        if Self.hardware {
            withUnsafeMutableBytes(of: &h) { state in
                pony_sha256_blocks(state.baseAddress!.assumingMemoryBound(to: UInt32.self), block, 1)
            }
        } else {
            compressInSwift(block)
        }
    }

    /// The compression function in Swift, for CPUs without the SHA extensions (and for tests).
    mutating func compressInSwift(_ block: UnsafeRawPointer) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            for index in 0..<16 {
                w[index] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: index &* 4, as: UInt32.self))
            }
            for index in 16..<64 {
                let s0 = rotate(w[index &- 15], 7) ^ rotate(w[index &- 15], 18) ^ (w[index &- 15] &>> 3)
                let s1 = rotate(w[index &- 2], 17) ^ rotate(w[index &- 2], 19) ^ (w[index &- 2] &>> 10)
                w[index] = w[index &- 16] &+ s0 &+ w[index &- 7] &+ s1
            }
            var (a, b, c, d, e, f, g, h) = self.h
            Self.k.withUnsafeBufferPointer { k in
                // NB: eight rounds per pass, the registers renamed instead of shifted (10% faster).
                var index = 0
                while index < 64 {
                    round(a, b, c, &d, e, f, g, &h, k[index] &+ w[index])
                    round(h, a, b, &c, d, e, f, &g, k[index &+ 1] &+ w[index &+ 1])
                    round(g, h, a, &b, c, d, e, &f, k[index &+ 2] &+ w[index &+ 2])
                    round(f, g, h, &a, b, c, d, &e, k[index &+ 3] &+ w[index &+ 3])
                    round(e, f, g, &h, a, b, c, &d, k[index &+ 4] &+ w[index &+ 4])
                    round(d, e, f, &g, h, a, b, &c, k[index &+ 5] &+ w[index &+ 5])
                    round(c, d, e, &f, g, h, a, &b, k[index &+ 6] &+ w[index &+ 6])
                    round(b, c, d, &e, f, g, h, &a, k[index &+ 7] &+ w[index &+ 7])
                    index &+= 8
                }
            }
            self.h.0 &+= a
            self.h.1 &+= b
            self.h.2 &+= c
            self.h.3 &+= d
            self.h.4 &+= e
            self.h.5 &+= f
            self.h.6 &+= g
            self.h.7 &+= h
        }
    }

    package func write(to digest: UnsafeMutableRawPointer) {
        digest.storeBytes(of: h.0.bigEndian, toByteOffset: 0, as: UInt32.self)
        digest.storeBytes(of: h.1.bigEndian, toByteOffset: 4, as: UInt32.self)
        digest.storeBytes(of: h.2.bigEndian, toByteOffset: 8, as: UInt32.self)
        digest.storeBytes(of: h.3.bigEndian, toByteOffset: 12, as: UInt32.self)
        digest.storeBytes(of: h.4.bigEndian, toByteOffset: 16, as: UInt32.self)
        digest.storeBytes(of: h.5.bigEndian, toByteOffset: 20, as: UInt32.self)
        digest.storeBytes(of: h.6.bigEndian, toByteOffset: 24, as: UInt32.self)
        digest.storeBytes(of: h.7.bigEndian, toByteOffset: 28, as: UInt32.self)
    }
}

/// One round of SHA-256: `d` and `h` become the next round's `e` and `a`; `kw` is the
/// round's constant plus its schedule word.
@inline(__always)
private func round(
    _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32, _ e: UInt32, _ f: UInt32, _ g: UInt32,
    _ h: inout UInt32, _ kw: UInt32
) {
    let t1 = h &+ (rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)) &+ (g ^ (e & (f ^ g))) &+ kw
    let t2 = (rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)) &+ ((a & b) | (c & (a | b)))
    d &+= t1
    h = t1 &+ t2
}

/// `value` rotated right by `count` bits. NB: private to each file, so that debug builds
/// (one file at a time) can inline it.
@inline(__always) private func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 {
    (value &>> count) | (value &<< (32 &- count))
}
