# Generates ninja_decimals.json: how django-ninja writes a model's DecimalField (a string
# with the field's places, once read from the database) and the schemas it gives it, for
# PonyAPITests/DecimalOutputTests.
#
#   pip install "django>=5.2,<5.3" django-ninja && python3 ninja_decimals.py > ninja_decimals.json
import json
import sys
import types

import django
from django.conf import settings

settings.configure(
    DEBUG=False, ROOT_URLCONF=__name__, SECRET_KEY="x", ALLOWED_HOSTS=["*"],
    INSTALLED_APPS=["ninja", "shop"], DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
)
shop = types.ModuleType("shop")
shop.__file__ = __file__
sys.modules["shop"] = shop
django.setup()

from django.db import connection, models  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import path  # noqa: E402
from ninja import ModelSchema, NinjaAPI  # noqa: E402


class Product(models.Model):
    name = models.CharField(max_length=40)
    price = models.DecimalField(max_digits=8, decimal_places=2)
    discount = models.DecimalField(max_digits=5, decimal_places=1, null=True)

    class Meta:
        app_label = "shop"
        ordering = ["id"]


class ProductOut(ModelSchema):
    class Meta:
        model = Product
        fields = ["id", "name", "price", "discount"]


class ProductIn(ModelSchema):
    class Meta:
        model = Product
        fields = ["name", "price", "discount"]


api = NinjaAPI()


@api.post("/products", response={201: ProductOut})
def create(request, payload: ProductIn):
    return 201, Product.objects.create(**payload.dict())


@api.get("/products", response=list[ProductOut])
def products(request):
    return Product.objects.all()


urlpatterns = [path("api/", api.urls)]

with connection.schema_editor() as editor:
    editor.create_model(Product)
client = Client()
bodies = [
    {"name": "lamp", "price": 9.9},
    {"name": "desk", "price": "120", "discount": "2.5"},
    {"name": "pen", "price": "0.10", "discount": 1},
]
created = [client.post("/api/products", json.dumps(body), content_type="application/json").status_code for body in bodies]
schemas = api.get_openapi_schema()["components"]["schemas"]
print(json.dumps({
    "requests": bodies,
    "created": created,
    "list": json.loads(client.get("/api/products").content),
    "out": schemas["ProductOut"]["properties"]["price"],
    "out nullable": schemas["ProductOut"]["properties"]["discount"],
    "in": schemas["ProductIn"]["properties"]["price"],
}, indent=1))
