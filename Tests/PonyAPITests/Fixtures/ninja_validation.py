# Generates ninja_validation.json: what django-ninja answers for each request in
# ninja_cases.json, for PonyAPITests/NinjaParityTests to compare with Pony's answers.
#
#   pip install "django>=5.2,<5.3" django-ninja && python3 ninja_validation.py > ninja_validation.json
import json, os, sys, enum, datetime
import django
from django.conf import settings
settings.configure(DEBUG=False, ROOT_URLCONF=__name__, SECRET_KEY="x", ALLOWED_HOSTS=["*"], INSTALLED_APPS=["ninja"])
django.setup()
from django.urls import path
from ninja import NinjaAPI, Schema, Field, Query
from typing import Optional, Literal
api = NinjaAPI()
class Color(str, enum.Enum):
    red = "red"; green = "green"
class TodoIn(Schema):
    title: str = Field(min_length=1, max_length=10)
    priority: int = Field(ge=1, le=5)
    done: bool
    ratio: float
    due: Optional[datetime.datetime] = None
    color: Color
    code: str = Field(pattern=r"^[a-z]+$")
@api.post("/todos")
def create(request, payload: TodoIn):
    return {"ok": True}
@api.get("/items/{id}")
def item(request, id: int, limit: int, q: Optional[str] = None):
    return {"id": id}
urlpatterns = [path("api/", api.urls)]
from django.test import Client
c = Client()
cases = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "ninja_cases.json")))
out = []
for case in cases:
    if case["method"] == "POST":
        r = c.post(case["path"], data=case["body"], content_type=case.get("type", "application/json"))
    else:
        r = c.get(case["path"])
    out.append({"case": case, "status": r.status_code, "type": r.get("Content-Type"), "body": (json.loads(r.content) if r.get("Content-Type","").startswith("application/json") else r.content.decode()[:80])})
print(json.dumps(out, indent=1, sort_keys=True))
