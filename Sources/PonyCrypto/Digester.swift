// How it works: each hash (MD5, SHA-1, SHA-256, SHA-512) is only its state and compression
// function (`HashFunction`); `Digester` does what they share, the buffering and the padding
// of Merkle–Damgård; `HMAC` and `PBKDF2` are built on `Digester`.
//
// NB: written here rather than taken from swift-crypto, whose BoringSSL took over a minute
// of a newcomer's first build on 2 cores (issue 19), for four hashes. Speed matters for
// PBKDF2 (Django's 1,000,000 iterations at every login), so:
// - SHA-256 runs on the CPU's SHA extensions where there are some (`CPonySHA`): 0.09 s for
//   Django's iterations here, against 0.29 s for Python's hashlib (OpenSSL); about 0.5 s in
//   Swift elsewhere;
// - this module and `CPonySHA` are compiled with optimisation even in debug builds
//   (Package.swift), or `pony run` would take 15 s per login;
// - `Digester`, `HMAC` and `PBKDF2` share this file: debug builds compile each file on its
//   own, and split, the generic code could not be specialised (40% slower).

/// A Merkle–Damgård hash: a fixed-size state that absorbs the message one block at a time.
package protocol HashFunction: Sendable {
    /// The bytes of a block: 64, or 128 for SHA-512.
    static var blockSize: Int { get }
    /// The bytes of the digest.
    static var digestSize: Int { get }
    /// Whether the padding's length field is big-endian (little-endian for MD5).
    static var bigEndianLength: Bool { get }
    /// The initial state.
    init()
    /// Absorbs one block of `blockSize` bytes.
    mutating func compress(_ block: UnsafeRawPointer)
    /// Writes the digest (`digestSize` bytes) from the state.
    func write(to digest: UnsafeMutableRawPointer)
}

/// 128 bytes of inline storage for a partial block, so that copying a hasher allocates nothing.
struct BlockBuffer {
    var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    var more: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
}

/// A streaming hash: `update` with the message in any number of pieces, then `finalize`.
///
/// ```swift
/// var hasher = Digester<SHA256>()
/// hasher.update(Array("abc".utf8))
/// let digest = hasher.finalize()  // 32 bytes
/// ```
package struct Digester<H: HashFunction>: Sendable {
    fileprivate private(set) var state = H()
    private var buffer = BlockBuffer()
    private var buffered = 0
    private var length: UInt64 = 0

    /// Starts a hash of an empty message.
    package init() {}

    /// Absorbs `bytes`.
    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var input = bytes.baseAddress else { return }
        var remaining = bytes.count
        length &+= UInt64(remaining)
        var state = self.state
        defer { self.state = state }
        if buffered > 0 {
            let take = min(remaining, H.blockSize - buffered)
            withUnsafeMutableBytes(of: &buffer) { block in
                (block.baseAddress! + buffered).copyMemory(from: input, byteCount: take)
            }
            buffered += take
            input += take
            remaining -= take
            guard buffered == H.blockSize else { return }
            withUnsafeBytes(of: &buffer) { state.compress($0.baseAddress!) }
            buffered = 0
        }
        while remaining >= H.blockSize {
            state.compress(input)
            input += H.blockSize
            remaining -= H.blockSize
        }
        if remaining > 0 {
            withUnsafeMutableBytes(of: &buffer) { $0.baseAddress!.copyMemory(from: input, byteCount: remaining) }
            buffered = remaining
        }
    }

    /// Absorbs `bytes`.
    package mutating func update(_ bytes: some Sequence<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done == nil { Array(bytes).withUnsafeBytes { update($0) } }
    }

    /// Pads the message and writes the digest (`H.digestSize` bytes) to `digest`.
    package mutating func finalize(into digest: UnsafeMutableRawPointer) {
        let lengthSize = H.blockSize / 8
        let bits = length &<< 3
        var state = self.state
        withUnsafeMutableBytes(of: &buffer) { block in
            block[buffered] = 0x80
            if buffered + 1 > H.blockSize - lengthSize {
                for index in (buffered + 1)..<H.blockSize { block[index] = 0 }
                state.compress(block.baseAddress!)
                buffered = -1
            }
            for index in (buffered + 1)..<(H.blockSize - 8) { block[index] = 0 }
            let field = H.bigEndianLength ? bits.bigEndian : bits.littleEndian
            block.storeBytes(of: field, toByteOffset: H.blockSize - 8, as: UInt64.self)
            state.compress(block.baseAddress!)
        }
        state.write(to: digest)
        self = Digester()
    }

    /// Pads the message and returns the digest.
    package mutating func finalize() -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: H.digestSize) { digest, count in
            finalize(into: UnsafeMutableRawPointer(digest.baseAddress!))
            count = H.digestSize
        }
    }

    /// The digest of `bytes` (`hashlib.new(name, bytes).digest()`).
    package static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var hasher = Digester()
        hasher.update(bytes)
        return hasher.finalize()
    }
}

/// HMAC (RFC 2104) over any of the hashes: `hmac.new(key, message, hashlib.sha256).digest()`.
///
/// A keyed value can be copied and reused: each copy starts from the key's state without
/// hashing the key again, which is what PBKDF2's iterations do.
package struct HMAC<H: HashFunction>: Sendable {
    fileprivate private(set) var inner = Digester<H>()
    fileprivate private(set) var outer = Digester<H>()

    /// Starts an HMAC with `key` (hashed first when longer than a block, as RFC 2104 says).
    package init(key: some Collection<UInt8>) {
        var block = key.count > H.blockSize ? Digester<H>.hash(key) : Array(key)
        block += repeatElement(0, count: H.blockSize - block.count)
        inner.update(block.map { $0 ^ 0x36 })
        outer.update(block.map { $0 ^ 0x5c })
    }

    /// Absorbs part of the message.
    package mutating func update(_ bytes: UnsafeRawBufferPointer) { inner.update(bytes) }

    /// Absorbs part of the message.
    package mutating func update(_ bytes: some Sequence<UInt8>) { inner.update(bytes) }

    /// Writes the code (`H.digestSize` bytes) to `code`.
    package mutating func finalize(into code: UnsafeMutableRawPointer) {
        inner.finalize(into: code)
        outer.update(UnsafeRawBufferPointer(start: code, count: H.digestSize))
        outer.finalize(into: code)
    }

    /// The code of the message absorbed so far.
    package mutating func finalize() -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: H.digestSize) { code, count in
            finalize(into: UnsafeMutableRawPointer(code.baseAddress!))
            count = H.digestSize
        }
    }

    /// The code of `message` under `key`.
    package static func code(for message: some Sequence<UInt8>, key: some Collection<UInt8>) -> [UInt8] {
        var mac = HMAC(key: key)
        mac.update(message)
        return mac.finalize()
    }
}

/// PBKDF2 with HMAC (RFC 8018 §5.2): `hashlib.pbkdf2_hmac(name, password, salt, iterations, length)`.
package enum PBKDF2 {
    /// The `length`-byte key derived from `password` and `salt` in `iterations` rounds
    /// (at least one; `length` defaults to the digest's size).
    @_specialize(where H == SHA256, Password == String.UTF8View, Salt == String.UTF8View)
    @_specialize(where H == SHA1, Password == String.UTF8View, Salt == String.UTF8View)
    package static func deriveKey<H: HashFunction, Password, Salt>(
        _ hash: H.Type, password: Password, salt: Salt, iterations: Int, length: Int = H.digestSize
    ) -> [UInt8] where Password: Collection<UInt8>, Salt: Collection<UInt8> {
        let keyed = HMAC<H>(key: password)
        let size = H.digestSize
        var key = [UInt8]()
        key.reserveCapacity(min(max(0, length), 1024))
        var blockIndex: UInt32 = 1
        // NB: each iteration's two hashes are of one block: a digest, then padding that is the
        // same every time. So the block is padded once and each iteration only compresses it
        // from the key's inner and outer states, as OpenSSL does; through `HMAC` it took
        // twice as long.
        withUnsafeTemporaryAllocation(byteCount: H.blockSize + size, alignment: 8) { scratch in
            let block = scratch.baseAddress!
            let sum = block + H.blockSize
            while key.count < length {
                var mac = keyed
                mac.update(salt)
                mac.update(withUnsafeBytes(of: blockIndex.bigEndian, Array.init))
                mac.finalize(into: block)
                block.storeBytes(of: 0x80, toByteOffset: size, as: UInt8.self)
                (block + size + 1).initializeMemory(as: UInt8.self, repeating: 0, count: H.blockSize - size - 1)
                let bits = UInt64(H.blockSize + size) * 8
                block.storeBytes(
                    of: H.bigEndianLength ? bits.bigEndian : bits.littleEndian, toByteOffset: H.blockSize - 8,
                    as: UInt64.self)
                sum.copyMemory(from: block, byteCount: size)
                for _ in 1..<max(1, iterations) {
                    var inner = keyed.inner.state
                    inner.compress(block)
                    inner.write(to: block)
                    var outer = keyed.outer.state
                    outer.compress(block)
                    outer.write(to: block)
                    for offset in 0..<size {
                        sum.storeBytes(
                            of: sum.load(fromByteOffset: offset, as: UInt8.self)
                                ^ block.load(fromByteOffset: offset, as: UInt8.self),
                            toByteOffset: offset, as: UInt8.self)
                    }
                }
                key += UnsafeRawBufferPointer(start: sum, count: min(size, length - key.count))
                blockIndex &+= 1
            }
        }
        return key
    }
}
