# Generates pattern_cases.json: for each pattern, whether pydantic (whose default engine is
# Rust's `regex` crate) accepts each text for `Field(pattern=…)`, or `null` when pydantic
# refuses the pattern. PonyAPITests/PatternTests compares Pony's `Constraint.pattern` with it.
#
#   pip install "pydantic>=2.13,<2.14" && python3 pattern_cases.py > pattern_cases.json
import json
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


print(json.dumps([{"pattern": p, "texts": t, "matches": results(p, t)} for p, t in CASES], indent=1, ensure_ascii=True))
