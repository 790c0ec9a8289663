// How it works: a `Constraint.pattern` is parsed once into `PatternNode`s (PatternParser),
// compiled into a small program of `PatternInstruction`s (PatternProgram), and each string is
// searched by running every thread of that program in step over its Unicode scalars
// (PatternMatcher, a Pike VM without captures). The time a search takes grows with the
// length of the string times the size of the program, never exponentially: a hostile body
// cannot stall the server with a pattern such as `^(a+)+$`, which a backtracking engine
// (ICU's, Python's `re`) takes minutes over for 30 characters. pydantic's default engine,
// Rust's `regex` crate, makes the same promise and refuses the same features (look-around,
// backreferences); the syntax here is that crate's, less a few parts (see `PatternError`).

/// A regular expression searched in time linear in the length of the text.
struct Pattern: Sendable {
    let program: PatternProgram

    /// Parses and compiles `source`, or throws what in it is wrong or not supported.
    init(_ source: String) throws(PatternError) {
        var parser = PatternParser(source)
        program = try PatternProgram(try parser.parse())
    }

    /// Whether `text` matches somewhere (a search, as pydantic's `pattern` and Python's
    /// `re.search`: write `^…$` to match the whole text).
    func matches(_ text: String) -> Bool { program.search(text) }
}

/// What is wrong with a pattern, and where (a count of Unicode scalars from its start).
struct PatternError: Error, Equatable, CustomStringConvertible {
    let message: String
    let offset: Int

    var description: String { "\(message) (at character \(offset + 1))" }
}
