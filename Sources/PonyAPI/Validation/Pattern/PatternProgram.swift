/// One step of a compiled pattern.
enum PatternInstruction: Sendable {
    /// Consume exactly this scalar.
    case scalar(Unicode.Scalar)
    /// Consume a scalar whose folded case (``ScalarClass/folded(_:)``) is this one.
    case caseless(Unicode.Scalar)
    /// Consume a scalar of the program's class at this index.
    case scalars(Int)
    /// Go on at both places.
    case split(Int, Int)
    /// Go on at this place.
    case jump(Int)
    /// Go on at the next step only where the condition holds.
    case assertion(PatternAssertion)
    /// The pattern has matched.
    case match
}

/// A ``PatternNode`` compiled for ``PatternProgram/search(_:)``: repetitions written out,
/// alternatives as splits.
struct PatternProgram: Sendable {
    /// The most instructions a program may have, as Rust's `regex` has a size limit.
    static let sizeLimit = 10_000

    private(set) var instructions: [PatternInstruction] = []
    private(set) var classes: [ScalarClass] = []
    /// Whether a match can only start at the start of the text (`^…` without the `m` flag).
    let anchored: Bool

    init(_ node: PatternNode) throws(PatternError) {
        guard let size = Self.size(of: node), size < Self.sizeLimit else {
            throw PatternError(
                message: "the pattern is too large once its repetitions are written out (over \(Self.sizeLimit) steps)",
                offset: 0)
        }
        anchored = Self.isAnchored(node)
        instructions.reserveCapacity(size + 1)
        emit(node)
        instructions.append(.match)
    }

    /// How many instructions `node` compiles to, or `nil` past the limit.
    private static func size(of node: PatternNode) -> Int? {
        func bounded(_ value: Int) -> Int? { value < sizeLimit ? value : nil }
        switch node {
        case .empty: return 0
        case .scalar, .scalars, .assertion: return 1
        case .sequence(let parts):
            var total = 0
            for part in parts {
                guard let size = size(of: part), let sum = bounded(total + size) else { return nil }
                total = sum
            }
            return total
        case .alternation(let branches):
            var total = 2 * (branches.count - 1)
            for branch in branches {
                guard let size = size(of: branch), let sum = bounded(total + size) else { return nil }
                total = sum
            }
            return total
        case .repetition(let body, let min, let max):
            // NB: counts are at most sizeLimit and each size below it, so no product overflows.
            guard let size = size(of: body) else { return nil }
            let optional = max.map { ($0 - min) * (size + 1) } ?? size + 2
            return bounded(min * size + optional)
        }
    }

    private static func isAnchored(_ node: PatternNode) -> Bool {
        switch node {
        case .assertion(let assertion): assertion == .textStart
        case .sequence(let parts): parts.first.map(isAnchored) ?? false
        case .alternation(let branches): branches.allSatisfy(isAnchored)
        case .repetition(let body, let min, _): min > 0 && isAnchored(body)
        default: false
        }
    }

    private mutating func emit(_ node: PatternNode) {
        switch node {
        case .empty: break
        case .scalar(let scalar, let caseless):
            instructions.append(caseless ? .caseless(ScalarClass.folded(scalar)) : .scalar(scalar))
        case .scalars(let scalarClass):
            instructions.append(.scalars(classes.count))
            classes.append(scalarClass)
        case .assertion(let assertion): instructions.append(.assertion(assertion))
        case .sequence(let parts): for part in parts { emit(part) }
        case .alternation(let branches):
            var jumps: [Int] = []
            for branch in branches.dropLast() {
                let split = instructions.count
                instructions.append(.match)
                emit(branch)
                jumps.append(instructions.count)
                instructions.append(.match)
                instructions[split] = .split(split + 1, instructions.count)
            }
            if let last = branches.last { emit(last) }
            for jump in jumps { instructions[jump] = .jump(instructions.count) }
        case .repetition(let body, let min, let max):
            for _ in 0..<min { emit(body) }
            if let max {
                var splits: [Int] = []
                for _ in min..<max {
                    splits.append(instructions.count)
                    instructions.append(.match)
                    emit(body)
                }
                for split in splits { instructions[split] = .split(split + 1, instructions.count) }
            } else {
                let split = instructions.count
                instructions.append(.match)
                emit(body)
                instructions.append(.jump(split))
                instructions[split] = .split(split + 1, instructions.count)
            }
        }
    }
}
