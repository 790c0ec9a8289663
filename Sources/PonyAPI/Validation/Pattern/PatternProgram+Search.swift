extension PatternProgram {
    /// Whether `text` has a match: every thread of the program advances one scalar at a time,
    /// and a thread that reaches an instruction another thread holds at the same point is
    /// dropped, so a step costs at most the program's size.
    func search(_ text: String) -> Bool {
        let size = instructions.count
        // NB: two thread lists (dense and sparse halves each) and the stack of instructions
        // still to follow, on the stack for any pattern of a sensible size.
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 6 * size + 1) { buffer in
            buffer.initialize(repeating: 0)
            var current = ThreadList(buffer, from: 0, size: size)
            var next = ThreadList(buffer, from: 2 * size, size: size)
            let stack = UnsafeMutableBufferPointer(rebasing: buffer[(4 * size)...])
            var scalars = text.unicodeScalars.makeIterator()
            var scalar = scalars.next()
            if follow(0, into: &current, after: nil, before: scalar, stack: stack) { return true }
            while let consumed = scalar {
                let following = scalars.next()
                next.removeAll()
                for index in 0..<current.count {
                    let at = current.dense[index]
                    if accepts(instructions[at], consumed),
                        follow(at + 1, into: &next, after: consumed, before: following, stack: stack)
                    {
                        return true
                    }
                }
                if !anchored, follow(0, into: &next, after: consumed, before: following, stack: stack) { return true }
                swap(&current, &next)
                if anchored, current.count == 0 { return false }
                scalar = following
            }
            return false
        }
    }

    private func accepts(_ instruction: PatternInstruction, _ scalar: Unicode.Scalar) -> Bool {
        switch instruction {
        case .scalar(let expected): scalar == expected
        case .caseless(let folded): ScalarClass.folded(scalar) == folded
        case .scalars(let index): classes[index].contains(scalar)
        default: false
        }
    }

    /// Adds the thread at `start`, and every thread it reaches without consuming a scalar, to
    /// `list`; whether one of them is a match.
    private func follow(
        _ start: Int, into list: inout ThreadList, after previous: Unicode.Scalar?, before next: Unicode.Scalar?,
        stack: UnsafeMutableBufferPointer<Int>
    ) -> Bool {
        // NB: each instruction enters the list once and pushes at most two, so the stack needs
        // twice the program's size, plus one.
        stack[0] = start
        var top = 1
        while top > 0 {
            top -= 1
            let at = stack[top]
            guard !list.contains(at) else { continue }
            list.insert(at)
            switch instructions[at] {
            case .match: return true
            case .jump(let target):
                stack[top] = target
                top += 1
            case .split(let first, let second):
                stack[top] = second
                stack[top + 1] = first
                top += 2
            case .assertion(let assertion) where assertion.holds(after: previous, before: next):
                stack[top] = at + 1
                top += 1
            default: break
            }
        }
        return false
    }
}

/// A set of instruction indexes with constant-time insert, test and clear (a sparse set).
private struct ThreadList {
    let dense: UnsafeMutableBufferPointer<Int>
    let sparse: UnsafeMutableBufferPointer<Int>
    private(set) var count = 0

    init(_ buffer: UnsafeMutableBufferPointer<Int>, from offset: Int, size: Int) {
        dense = UnsafeMutableBufferPointer(rebasing: buffer[offset..<(offset + size)])
        sparse = UnsafeMutableBufferPointer(rebasing: buffer[(offset + size)..<(offset + 2 * size)])
    }

    func contains(_ instruction: Int) -> Bool {
        let index = sparse[instruction]
        return index < count && dense[index] == instruction
    }

    mutating func insert(_ instruction: Int) {
        sparse[instruction] = count
        dense[count] = instruction
        count += 1
    }

    mutating func removeAll() { count = 0 }
}
