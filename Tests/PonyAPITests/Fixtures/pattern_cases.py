# Generates pattern_cases.json: for each pattern, whether pydantic (whose default engine is
# Rust's `regex` crate) accepts each text for `Field(pattern=…)`, or `null` when pydantic
# refuses the pattern. PonyAPITests/PatternTests compares Pony's `Constraint.pattern` with it.
#
#   pip install "pydantic>=2.13,<2.14" && python3 pattern_cases.py > pattern_cases.json
import json
import random
from typing import Annotated
from pydantic import StringConstraints, TypeAdapter, ValidationError

A40 = "a" * 40
CASES = [
    ("abc", ["xabcx", "ab", "", "ABC"]),
    ("^abc$", ["abc", "abc\n", "xabc", "abcx"]),
    ("^$", ["", "\n", "a"]),
    ("\\Aab\\z", ["ab", "ab\n", "cab"]),
    ("$", ["abc", ""]),
    ("(?m)^b$", ["a\nb\nc", "abc", "b\n"]),
    ("(?m)a$", ["a\n", "ab"]),
    ("a.c", ["abc", "a\nc", "a\u00e9c", "a\U0001F600c", "ac"]),
    ("(?s)a.c", ["a\nc", "abc"]),
    ("^[a-z]+$", ["abc", "abC", "", "\u00e9"]),
    ("^[^a-z]+$", ["ABC", "aBC", "\n"]),
    ("[]a]", ["]", "a", "b"]),
    ("[^]a]", ["]", "b"]),
    ("^[a-]+$", ["a-a", "b"]),
    ("^[-a]+$", ["-a", "b"]),
    ("^[\\d_]+$", ["1_2", "\u0663", "a"]),
    ("^[\\w.+-]+$", ["a.b+c-d", "a b"]),
    ("^[[:alpha:]]+$", ["abc", "\u00e9", "a1"]),
    ("^[[:^digit:]]+$", ["abc", "a1"]),
    ("^[[:xdigit:][:space:]]+$", ["1f A", "g"]),
    ("\\d", ["3", "\u0663", "\u00b2", "a"]),
    ("\\w", ["\u00e9", "_", "-", "\u0301", "\u0663"]),
    ("\\s", ["\u00a0", " ", "\u2003", "\u200b", "\t", "a"]),
    ("^\\D\\W\\S$", ["a-b", "1-b", "a b"]),
    ("^\\x41\\x{1F600}\\u00e9\\U0001F600$", ["A\U0001F600\u00e9\U0001F600", "A"]),
    ("\\u{E9}", ["\u00e9"]),
    ("a\\.b", ["a.b", "axb"]),
    ("\\t\\n\\r\\f\\v\\a", ["\t\n\r\f\v\a", "t"]),
    ("\\/\\-\\ \\#\\&\\~", ["/- #&~"]),
    ("\\pL", ["\u00e9", "1", "\u4e2d"]),
    ("\\p{Lu}", ["\u00c9", "\u00e9"]),
    ("^\\P{L}+$", ["123", "1a"]),
    ("^\\p{^L}+$", ["123", "1a"]),
    ("\\p{Nd}", ["\u0663", "\u00b2"]),
    ("\\p{Letter}", ["x", "1"]),
    ("\\p{White_Space}", ["\u00a0", "x"]),
    ("\\p{gc=Sc}", ["$", "\u20ac", "x"]),
    ("\\p{Alphabetic}", ["\u00e9", "1"]),
    ("(?i)abc", ["ABC", "aBc", "ab"]),
    ("(?i)k", ["\u212a", "K", "x"]),
    ("(?i)^[a-z]+$", ["QUERY", "Q1"]),
    ("(?i)\u00e9", ["\u00c9"]),
    ("(?i:a)b", ["Ab", "AB"]),
    ("a(?i)b", ["aB", "AB"]),
    ("(?i)a(?-i)b", ["Ab", "AB"]),
    ("(?i)[^a]", ["A", "b"]),
    ("(?i)\u00df", ["\u1e9e", "s"]),
    ("(?i)\\p{Lu}", ["\u00df", "1"]),
    ("(?i)[\u03b8]", ["\u03d1", "\u03f4", "\u0398"]),
    ("(?i)[\\x{212A}]", ["k", "K"]),
    ("(?i)\u01c5", ["\u01c6", "\u01c4"]),
    ("(?i)\u1f80", ["\u1f88"]),
    ("(?i)\\P{Lu}", ["a", "1", "A", "\u00df"]),
    ("(?i)[^\\p{Ll}]", ["A", "1"]),
    ("(?i)\\W", ["\u212a", "-"]),
    ("\\b{2}a", ["a", "ba"]),
    ("\\b{start}", ["a"]),
    ("^a{3}$", ["aaa", "aa", "aaaa"]),
    ("^a{2,}$", ["aa", "a", "aaaaaaa"]),
    ("^a{1,2}$", ["aaa", "a", ""]),
    ("^a{0}$", ["", "a"]),
    ("^a*?$", ["", "aaa"]),
    ("^(ab)+$", ["abab", "aba", ""]),
    ("^a?b$", ["b", "ab", "aab"]),
    ("x*", ["", "y"]),
    ("^a{2}?$", ["aa"]),
    ("^(cat|dog)$", ["cat", "dog", "cow", "catdog"]),
    ("^(a|)$", ["", "a", "b"]),
    ("a|", ["b"]),
    ("^(?:a|b)*c$", ["ababc", "c", "abab"]),
    ("\\bfoo\\b", ["a foo b", "afoob", "foo"]),
    ("\\Bfoo", ["afoo", "foo"]),
    ("\\b\u00e9", ["\u00e9", "a\u00e9"]),
    ("^(?P<name>a)(?<other>b)$", ["ab"]),
    ("(?x) a b # a comment", ["ab", "a b"]),
    ("(?x)^[a b]$", [" ", "a"]),
    ("(?x)^a\\ b$", ["a b", "ab"]),
    ("^[^@\\s]+@[^@\\s]+$", ["ann@example.com", "ann @example.com", "a@b@c", "ann@example.com\n", "@b"]),
    ("^(a+)+$", [A40 + "!", A40]),
    ("^(a|a)*$", [A40 + "!"]),
    ("(x+x+)+y", ["x" * 40]),
    ("^(\\w+\\s?)*$", ["a " * 30 + "!"]),
    ("()", ["", "a"]),
    ("(?U)a+", ["a"]),
    ("\\p{Greek}", ["\u03b1"]),
    ("[a&&b]", ["a"]),
    ("[[a]]", ["a"]),
    # Patterns pydantic refuses.
    ("(?=a)a", ["a"]),
    ("(?!a)b", ["b"]),
    ("(?<=a)b", ["ab"]),
    ("(?<!a)b", ["b"]),
    ("(a)\\1", ["aa"]),
    ("\\0", ["\0"]),
    ("a{", ["a{"]),
    ("a{,3}", ["a"]),
    ("{", ["{"]),
    ("*a", ["a"]),
    ("a**", ["a"]),
    ("(", ["("]),
    (")", [")"]),
    ("[a", ["a"]),
    ("[z-a]", ["a"]),
    ("\\q", ["q"]),
    ("\\e", ["e"]),
    ("a{3,1}", ["aaa"]),
    ("\\Z", [""]),
    ("a{1000000}", ["a"]),
    ("(?y)a", ["a"]),
    ("[\\d-z]", ["-"]),
    ("\\x{110000}", ["a"]),
    ("\\", ["a"]),
    ("\\p{Foo}", ["a"]),
    ("(?)", [""]),
]

# And 500 patterns made at random (the same ones each run) from these parts, each with eight
# random texts.
ATOMS = ["(?i)[θ-ω]", "(?i)[^å]", "(?i)ǅ", "(?i)[ᾀ]", "(?i)\\p{Ll}", "(?i)\\P{Lu}", "(?i)[\\x{2126}]", "(?i)[^a-c]", "(?i)[k]", "(?i)\\W", "(?-i:B)", "a**", "x{0}", " # c\n", "\\S", "(?i)[é]", "[^\\s]", "\\P{L}", "(|a)", "(?s:.)", "(?m:^)", "(?m:$)", "ß", "(?i)ß", "\\x{212A}", "a", "b", "A", "é", "É", ".", "\\d", "\\w", "\\s", "\\D", "\\W", "\\S", "[a-c]", "[^ab]", "[\\w-]", "\\b", "\\B", "^", "$", "\\A", "\\z", "[[:alpha:]]", "\\pL", "\\p{Lu}", "k", "\\n", " ", "-", "1", "٣", "[é-ë]", "(?i:a)", "(?i:é)", "[_[:digit:]]", "\\x41", "\\u{E9}"]
QUANTS = ["", "", "", "*", "+", "?", "{2}", "{1,3}", "{0,}", "*?", "+?"]
FLAGS = ["", "", "", "(?i)", "(?m)", "(?s)", "(?ims)", "(?x)"]
ALPH = ["ϑ", "θ", "Θ", "ϴ", "ᾀ", "ᾈ", "ǅ", "ǆ", "\u212b", "å", "Å", "ω", "\u2126", "ß", "ẞ", "ſ", "s", "S", "\t", "\u00a0", "a", "b", "A", "B", "é", "É", "1", "٣", " ", "\n", "-", "_", "k", "K", "\u212a", "x", "c"]


def random_pattern(depth=0):
    parts = []
    for _ in range(random.randint(1, 4)):
        if random.random() < 0.2 and depth < 3:
            inner = random_pattern(depth + 1)
            if random.random() < 0.4:
                inner += "|" + random_pattern(depth + 1)
            atom = random.choice(["(", "(?:"]) + inner + ")"
        else:
            atom = random.choice(ATOMS)
        parts.append(atom + random.choice(QUANTS))
    return "".join(parts)


random.seed(19)
for _ in range(500):
    CASES.append((
        random.choice(FLAGS) + random_pattern(),
        ["".join(random.choice(ALPH) for _ in range(random.randint(0, 6))) for _ in range(8)],
    ))


def results(pattern, texts):
    try:
        adapter = TypeAdapter(Annotated[str, StringConstraints(pattern=pattern)])
    except Exception:
        return None
    out = []
    for text in texts:
        try:
            adapter.validate_python(text)
            out.append(True)
        except ValidationError:
            out.append(False)
    return out


lines = [json.dumps({"pattern": p, "texts": t, "matches": results(p, t)}, ensure_ascii=True) for p, t in CASES]
print("[\n" + ",\n".join(lines) + "\n]")
