"""Every status the todo API answers, through the real server, and its OpenAPI document
against the golden copy.

    python3 api_check.py BASE_URL TOKEN OTHER_TOKEN FETCHED_DOCUMENT GOLDEN_DOCUMENT

UPDATE_GOLDEN=1 writes the fetched document over the golden one instead of comparing.
"""
import json
import os
import sys
import urllib.error
import urllib.request

base, token, other, fetched, golden = sys.argv[1:6]
failures = []


def call(method, path, body=None, token=None, content_type="application/json", raw=None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", content_type)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, headers, text = response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        status, headers, text = error.code, error.headers, error.read().decode()
    return status, headers, (json.loads(text) if text else None)


def expect(label, condition, detail=""):
    if not condition:
        failures.append(f"{label}: {detail}")
    print(("ok   " if condition else "FAIL ") + label)


status, headers, body = call("GET", "/api/lists")
expect("anonymous 401", status == 401 and body == {"detail": "Unauthorized"}, f"{status} {body}")
expect("WWW-Authenticate", headers.get("WWW-Authenticate") == "Bearer", str(headers.get("WWW-Authenticate")))
status, headers, body = call("POST", "/api/lists", {"name": "Home"}, token)
expect("create 201", status == 201 and body["name"] == "Home" and body["id"] >= 1, f"{status} {body}")
expect("Location of the new list", headers.get("Location") == f"/api/lists/{body['id']}", str(headers.get("Location")))
list_id = body["id"]
expect("a list shows no owner", "owner" not in body, f"{body}")
status, headers, body = call("POST", "/api/lists", {"name": "Home"}, token)
expect(
    "declared 409 for a second Home",
    status == 409 and body == {"detail": "You already have a list named Home.", "existing": list_id},
    f"{status} {body}",
)
status, _, body = call("POST", "/api/lists", {"name": ""}, token)
expect(
    "422 names the field",
    status == 422 and body["detail"][0]["type"] == "string_too_short" and body["detail"][0]["loc"] == ["body", "name"],
    f"{status} {body}",
)
status, _, body = call("POST", "/api/lists", {}, token)
expect("422 missing", status == 422 and body["detail"][0]["type"] == "missing", f"{status} {body}")
status, _, body = call("POST", "/api/lists", token=token, raw=b"{bad")
expect("malformed JSON 400", status == 400 and body["detail"].startswith("Cannot parse request body"), f"{status} {body}")
status, _, body = call("POST", "/api/lists", token=token, raw=b"name=x", content_type="application/x-www-form-urlencoded")
expect("form body 415", status == 415, f"{status} {body}")
status, _, body = call("GET", "/api/lists", token=token)
expect("list", status == 200 and [row["name"] for row in body] == ["Home"], f"{status} {body}")
status, _, body = call("POST", f"/api/lists/{list_id}/todos", {"title": "Buy milk", "due": "2026-12-24"}, token)
expect("todo 201", status == 201 and body["due"] == "2026-12-24" and body["done"] is False, f"{status} {body}")
todo_id = body["id"]
status, _, body = call("POST", f"/api/lists/{list_id}/todos", {"title": "x", "due": "24/12/2026"}, token)
expect("bad date 422", status == 422 and body["detail"][0]["loc"] == ["body", "due"], f"{status} {body}")
status, _, body = call("PATCH", f"/api/todos/{todo_id}", {"done": True}, token)
expect("patch", status == 200 and body["done"] is True and body["title"] == "Buy milk", f"{status} {body}")
status, _, body = call("GET", f"/api/lists/{list_id}/todos", token=token)
expect("todos", status == 200 and len(body) == 1, f"{status} {body}")
status, _, body = call("GET", f"/api/lists/{list_id}", token=other)
expect(
    "another user's list is 404", status == 404 and body == {"detail": "No TodoList matches the given query."},
    f"{status} {body}",
)
status, _, body = call("DELETE", f"/api/todos/{todo_id}", token=token)
expect("delete 204", status == 204 and body is None, f"{status} {body}")
status, _, body = call("DELETE", f"/api/todos/{todo_id}", token=token)
expect("deleted 404", status == 404, f"{status} {body}")
status, headers, body = call("PUT", "/api/lists", {"name": "x"}, token)
expect("405 with Allow", status == 405 and headers.get("Allow") == "GET, POST", f"{status} {headers.get('Allow')}")
status, _, body = call("GET", "/api/nowhere", token=token)
expect("unknown path 404 JSON", status == 404 and body == {"detail": "Not Found"}, f"{status} {body}")

document = json.load(open(fetched))
if os.environ.get("UPDATE_GOLDEN") == "1":
    with open(golden, "w") as out:
        json.dump(document, out, indent=1, sort_keys=True)
        out.write("\n")
    print(f"wrote {golden}")
else:
    expected = json.load(open(golden))
    expect("OpenAPI document as the golden copy", document == expected, "run with UPDATE_GOLDEN=1 and review the diff")

if failures:
    print("\n".join(failures))
    sys.exit(1)
