# Generates scalar_cases.json: how pydantic reads each JSON value as an `int`, a `float`, a
# `bool`, a `str`, a `UUID` and a `Decimal` (as django-ninja validates a parsed body): the
# value, or the issue's type, message and context. PonyAPITests/ScalarInputTests compares
# Pony's reading (`Int`, `Double`, `Bool`, `String`, `UUID`, `Decimal`) with it.
#
#   pip install "pydantic>=2.13,<2.14" && python3 scalar_cases.py > scalar_cases.json
import json
import decimal
import math
import uuid

from pydantic import TypeAdapter, ValidationError

VALUES = [
    0, 1, -1, 2, 1.0, 1.5, -0.0, 2.0, 1e20, 9223372036854775807, 9223372036854775808, -9223372036854775808, True,
    False, None, [], {}, "", "0", "1", "-1", "+1", " 1", "1 ", "\t1\n", "1.0", "1.00", "1.", "1.5", ".5", "-.5",
    "1e3", "1E3", "1e", "1.5e", "1e-3", "1_000", "1__0", "_1", "1_", "0x10", "0X10", "0x1p3", "0b1", "0o7", "abc",
    "1,5", "inf", "-inf", "+inf", "infinity", "-Infinity", "nan", "NaN", "true", "false", "True", "FALSE", "yes",
    "no", "on", "off", "t", "f", "y", "n", "00", "01", "٣", "１", "9223372036854775807", "9223372036854775808",
    "99999999999999999999999", "12345678-1234-5678-1234-567812345678", "12345678-1234-5678-1234-56781234567",
    "{12345678-1234-5678-1234-567812345678}", "urn:uuid:12345678-1234-5678-1234-567812345678",
    "12345678123456781234567812345678", "1234567812345678123456781234567", "12345678-1234-5678-1234-5678123456789",
    "12345678-1234-5678-123456781234-5678", "1234567g-1234-5678-1234-567812345678", "2026-12-24",
]

TYPES = [("int", int), ("float", float), ("bool", bool), ("str", str), ("uuid", uuid.UUID), ("decimal", decimal.Decimal)]


def shown(result):
    if isinstance(result, float):
        return "nan" if math.isnan(result) else repr(result)
    return str(result)


cases = []
for kind, python_type in TYPES:
    adapter = TypeAdapter(python_type)
    for value in VALUES:
        try:
            cases.append({"kind": kind, "value": value, "result": shown(adapter.validate_python(value))})
        except ValidationError as error:
            issue = error.errors(include_url=False)[0]
            ctx = {key: str(item) for key, item in (issue.get("ctx") or {}).items()} or None
            cases.append({"kind": kind, "value": value, "type": issue["type"], "msg": issue["msg"], "ctx": ctx})
print("[\n" + ",\n".join(json.dumps(case, ensure_ascii=True) for case in cases) + "\n]")
