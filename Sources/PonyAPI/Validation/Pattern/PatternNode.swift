/// A parsed regular expression.
indirect enum PatternNode: Equatable {
    /// Matches the empty string.
    case empty
    /// One scalar; `caseless` also accepts its other cases.
    case scalar(Unicode.Scalar, caseless: Bool)
    /// One scalar of a class (`[a-z]`, `\d`, `.`).
    case scalars(ScalarClass)
    /// A zero-width condition (`^`, `$`, `\b`).
    case assertion(PatternAssertion)
    /// Each part in turn.
    case sequence([PatternNode])
    /// Any one of the branches.
    case alternation([PatternNode])
    /// `node` between `min` and `max` times (`nil`: no upper limit).
    case repetition(PatternNode, min: Int, max: Int?)
}

/// A condition on the position between two scalars.
enum PatternAssertion: Equatable {
    /// `\A`, or `^` without the `m` flag.
    case textStart
    /// `\z`, or `$` without the `m` flag.
    case textEnd
    /// `^` with the `m` flag: the start, or after `\n`.
    case lineStart
    /// `$` with the `m` flag: the end, or before `\n`.
    case lineEnd
    /// `\b`: a word scalar on exactly one side.
    case wordBoundary
    /// `\B`.
    case notWordBoundary

    /// Whether the condition holds between `previous` and `next` (`nil` at either end).
    func holds(after previous: Unicode.Scalar?, before next: Unicode.Scalar?) -> Bool {
        switch self {
        case .textStart: previous == nil
        case .textEnd: next == nil
        case .lineStart: previous == nil || previous == "\n"
        case .lineEnd: next == nil || next == "\n"
        case .wordBoundary: ScalarClass.isWord(previous) != ScalarClass.isWord(next)
        case .notWordBoundary: ScalarClass.isWord(previous) == ScalarClass.isWord(next)
        }
    }
}
