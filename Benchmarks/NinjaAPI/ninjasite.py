"""Benchmarks/api.sh's django-ninja side: the same schemas (10 fields; two lists; a list of
objects) as Benchmarks/apivalidation.swift, under gunicorn with DEBUG off."""
import datetime
import enum
from typing import List, Optional

import django
from django.conf import settings

settings.configure(
    DEBUG=False, SECRET_KEY="ninja-benchmark-only", ALLOWED_HOSTS=["127.0.0.1"], ROOT_URLCONF=__name__,
    INSTALLED_APPS=["ninja"], MIDDLEWARE=["django.middleware.common.CommonMiddleware"],
)
django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.urls import path  # noqa: E402
from ninja import Field, NinjaAPI, Schema  # noqa: E402

api = NinjaAPI()


class Country(str, enum.Enum):
    GB = "GB"
    FR = "FR"
    DE = "DE"


class Order(Schema):
    customer: str = Field(min_length=1, max_length=100)
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+$")
    quantity: int = Field(ge=1, le=1000)
    price: float = Field(gt=0)
    express: bool
    note: Optional[str] = Field(None, max_length=500)
    country: Country
    delivery: datetime.datetime
    tags: List[str] = Field(max_length=5)
    coupon: Optional[str] = None


@api.post("/orders")
def create(request, payload: Order):
    return {"ok": True, "quantity": payload.quantity}


class Tally(Schema):
    tags: List[str]
    counts: List[int]


@api.post("/tallies")
def tally(request, payload: Tally):
    return {"items": len(payload.tags) + len(payload.counts)}


class Line(Schema):
    sku: str
    quantity: int = Field(ge=1, le=100)


class Basket(Schema):
    lines: List[Line]


@api.post("/baskets")
def basket(request, payload: Basket):
    return {"items": len(payload.lines)}


urlpatterns = [path("api/", api.urls)]
application = get_wsgi_application()
