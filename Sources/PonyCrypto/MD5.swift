/// MD5 (RFC 1321), for what Django derives from it: `ETag`s and index names. Not for security.
package struct MD5: HashFunction {
    package static let blockSize = 64
    package static let digestSize = 16
    package static let bigEndianLength = false

    private var a0: UInt32 = 0x6745_2301
    private var b0: UInt32 = 0xefcd_ab89
    private var c0: UInt32 = 0x98ba_dcfe
    private var d0: UInt32 = 0x1032_5476

    package init() {}

    /// The left rotations of each step.
    private static let shifts: [UInt32] = [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
        5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
        6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    ]

    /// `floor(abs(sin(i + 1)) * 2^32)`, as RFC 1321 tabulates it.
    private static let constants: [UInt32] = [
        0xd76a_a478, 0xe8c7_b756, 0x2420_70db, 0xc1bd_ceee, 0xf57c_0faf, 0x4787_c62a, 0xa830_4613, 0xfd46_9501,
        0x6980_98d8, 0x8b44_f7af, 0xffff_5bb1, 0x895c_d7be, 0x6b90_1122, 0xfd98_7193, 0xa679_438e, 0x49b4_0821,
        0xf61e_2562, 0xc040_b340, 0x265e_5a51, 0xe9b6_c7aa, 0xd62f_105d, 0x0244_1453, 0xd8a1_e681, 0xe7d3_fbc8,
        0x21e1_cde6, 0xc337_07d6, 0xf4d5_0d87, 0x455a_14ed, 0xa9e3_e905, 0xfcef_a3f8, 0x676f_02d9, 0x8d2a_4c8a,
        0xfffa_3942, 0x8771_f681, 0x6d9d_6122, 0xfde5_380c, 0xa4be_ea44, 0x4bde_cfa9, 0xf6bb_4b60, 0xbebf_bc70,
        0x289b_7ec6, 0xeaa1_27fa, 0xd4ef_3085, 0x0488_1d05, 0xd9d4_d039, 0xe6db_99e5, 0x1fa2_7cf8, 0xc4ac_5665,
        0xf429_2244, 0x432a_ff97, 0xab94_23a7, 0xfc93_a039, 0x655b_59c3, 0x8f0c_cc92, 0xffef_f47d, 0x8584_5dd1,
        0x6fa8_7e4f, 0xfe2c_e6e0, 0xa301_4314, 0x4e08_11a1, 0xf753_7e82, 0xbd3a_f235, 0x2ad7_d2bb, 0xeb86_d391,
    ]

    package mutating func compress(_ block: UnsafeRawPointer) {
        var (a, b, c, d) = (a0, b0, c0, d0)
        Self.constants.withUnsafeBufferPointer { constants in
            Self.shifts.withUnsafeBufferPointer { shifts in
                for step in 0..<64 {
                    let f: UInt32
                    let g: Int
                    switch step {
                    case 0..<16: (f, g) = ((b & c) | (~b & d), step)
                    case 16..<32: (f, g) = ((d & b) | (~d & c), (5 &* step &+ 1) & 15)
                    case 32..<48: (f, g) = (b ^ c ^ d, (3 &* step &+ 5) & 15)
                    default: (f, g) = (c ^ (b | ~d), (7 &* step) & 15)
                    }
                    let word = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: g &* 4, as: UInt32.self))
                    let sum = f &+ a &+ constants[step] &+ word
                    a = d
                    d = c
                    c = b
                    b = b &+ rotate(sum, 32 &- shifts[step])
                }
            }
        }
        a0 &+= a
        b0 &+= b
        c0 &+= c
        d0 &+= d
    }

    package func write(to digest: UnsafeMutableRawPointer) {
        digest.storeBytes(of: a0.littleEndian, toByteOffset: 0, as: UInt32.self)
        digest.storeBytes(of: b0.littleEndian, toByteOffset: 4, as: UInt32.self)
        digest.storeBytes(of: c0.littleEndian, toByteOffset: 8, as: UInt32.self)
        digest.storeBytes(of: d0.littleEndian, toByteOffset: 12, as: UInt32.self)
    }
}

/// `value` rotated right by `count` bits. NB: private to each file, so that debug builds
/// (one file at a time) can inline it.
@inline(__always) private func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 {
    (value &>> count) | (value &<< (32 &- count))
}
