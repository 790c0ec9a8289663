# Generates datetime_cases.json: how pydantic reads each JSON value as a `datetime` (lax, as
# django-ninja validates a parsed body), a `date` and a `time` (strict): the Unix time, ISO date
# or time it stands for, or the issue's type, message and context. PonyAPITests/DateTimeInputTests
# compares Pony's reading (`Date`, `CalendarDate`, `TimeOfDay`) with it.
#
#   pip install "pydantic>=2.13,<2.14" && python3 datetime_cases.py > datetime_cases.json
import datetime
import json

from pydantic import ConfigDict, TypeAdapter, ValidationError

VALUES = [
    "2026-12-24T10:00:00Z", "2026-12-24 10:00", "2026-12-24_10:00", "2026-12-24", "2026-12-24T10:00",
    "2026-12-24T10:00:00.123456Z", "2026-12-24T10:00:00.1234567Z", "2026-12-24T10:00:00.1234567890Z",
    "2026-12-24T10:00:00+01:00", "2026-12-24T10:00:00+0100", "2026-12-24T10:00:00+01", "2026-12-24T10:00:00+01:",
    "2026-12-24T10:00:00-23:59", "2026-12-24T10:00:00+24:00", "2026-12-24T10:00:00+25:00", "2026-12-24T24:00:00",
    "2026-12-24T10:00:60", "2026-12-24T10:61", "2026-12-24T", "2026-12-24 ", "2026-12-24T10", "2026-12-24T10:00:00.",
    "2026-12-24T10:00:00.Z", "2026-12-24T10:00:00,5Z", "2026-12-24t10:00:00z", "2026-12-24T10:00:00 Z",
    "2026-12-24T10:00:00Zjunk", "2026-12-24X10:00", "2026-12-24T10:00:00+01:00:00", "2026-12-24T10:00:00.5+01:30",
    "2026-02-29", "2024-02-29", "2026-02-30", "2026-13-01", "2026-00-10", "2026-12-00", "2026-1-2", "2026-12-2x",
    "2026-1x-24", "202x-12-24", "2026/12/24", "2026-12/24", "20261224T100000Z", " 2026-12-24", "0000-01-01",
    "0000-01-01T10:00:00Z", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59Z", "now", "soon", "", "x" * 30,
    "1700000000", "1700000000.5", "17000000000000", "-1", "+5", "5.", ".5", "-0", "1700000000.123456789",
    "99999999999", "-62135596801", "253402300800", "9999999999999999999", "99999999999999999999",
    "123456789012345678901234567890", "1e9", " 5", "5 ", "0x10", "1_000", "+", "-", ".", "1.2.3", "nan", "inf",
    "-99999999999999", "99999999999999999",
    1700000000, 1700000000.5, 0, -1, 0.5, 20000000000, 20000000001, -20000000001, 253402300799, 253402300800,
    -62135596800, -62135596801, -99999999999999, 99999999999999999999, 1e20, 1e308, True, None, [], {},
    # Dates and times.
    "2026-12-24T00:00:00+01:00", "2026-12-24T00:00:00Z", "2026-12-24T00:00:00.000001", "2026-12-24 00:00",
    "2026-12-24junk", "2026-12-24T00:00:00+01", "2026-12-24T00:00:00+1:00", "2026-12-24T00:00:00+01:60",
    "2026-12-24T00:00:00X", "2026-12-24T1x:00", "2026-12-24T10-00", "2026-12-24T10:x0", "2026-12-24T10:00:x0",
    "2026-12-24T10:00:00.x", "86400", "172800.0", 86400, 86400.0, -86400, 253402214400, 36000, 36000.5, 86399,
    86400.5, "10:00", "10:00:00", "10:00:00.5", "25:00", "10:60", "10:00:61", "10:00:00Z", "10:00:00+01:00",
    "10:00:00-01:30", "10:00:00+01", "10:00:00+24:00", "10:00:00 ", "10:00:00.1234567", "1x:00", "10-00", "10:x0",
    "10:00:0x", "10:00:00.", "10:00:00,5", "10", "10:00:00Zx", "0:00:00", "10:00:00+0130", "10:00:00z",
]



def answer(result):
    if isinstance(result, datetime.datetime):
        if result.tzinfo is None:
            result = result.replace(tzinfo=datetime.timezone.utc)
        return {"time": result.timestamp()}
    if isinstance(result, datetime.date):
        return {"date": result.isoformat()}
    return {"clock": result.replace(tzinfo=None).isoformat()}


# Date-times are read in pydantic's default (lax) mode; dates and times in its strict mode, as
# JSON, which takes what the OpenAPI document says (a date's or a time's text) and no more.
cases = []
for kind, python_type, strict in [
    ("datetime", datetime.datetime, False), ("date", datetime.date, True), ("time", datetime.time, True),
]:
    adapter = TypeAdapter(python_type, config=ConfigDict(strict=True) if strict else None)
    for value in VALUES:
        try:
            result = adapter.validate_json(json.dumps(value)) if strict else adapter.validate_python(value)
            cases.append({"kind": kind, "value": value} | answer(result))
        except ValidationError as error:
            issue = error.errors(include_url=False)[0]
            ctx = {key: str(item) for key, item in (issue.get("ctx") or {}).items()} or None
            cases.append({"kind": kind, "value": value, "type": issue["type"], "msg": issue["msg"], "ctx": ctx})
print("[\n" + ",\n".join(json.dumps(case, ensure_ascii=True) for case in cases) + "\n]")
