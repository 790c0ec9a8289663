#!/usr/bin/env python3
"""Writes django_forms.json: forms rendered and validated by Django 5.2 itself.

    pip install 'django==5.2.*' pillow && python3 generate_django_forms.py

Tests/PonyFormsTests declares the same forms in Swift and checks that Pony renders the very
same bytes (every widget and field type, unbound, bound valid and bound invalid; `{{ form }}`,
`as_p`, `as_table`, `as_ul`, single fields, labels and error lists) and gives the same
cleaned values and error messages.
"""
import datetime
import decimal
import json
import os
import uuid

import django
from django.conf import settings

settings.configure(
    USE_I18N=False, USE_TZ=True, TIME_ZONE="UTC", INSTALLED_APPS=["django.contrib.contenttypes"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
)
django.setup()

from django import forms  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402

FRUITS = [("a", "Apple"), ("b", "Banana"), ("c", "Cherry & <Co>")]
SIZES = [("", "---------"), ("s", "Small"), ("l", "Large")]


class ContactForm(forms.Form):
    subject = forms.CharField(max_length=100, help_text="Keep it short")
    sender = forms.EmailField(label="Your email")
    message = forms.CharField(widget=forms.Textarea)
    cc_myself = forms.BooleanField(required=False)


class NumbersForm(forms.Form):
    count = forms.IntegerField(min_value=1, max_value=10)
    ratio = forms.FloatField(required=False)
    price = forms.DecimalField(max_digits=5, decimal_places=2, required=False)
    step = forms.IntegerField(step_size=5, required=False)


class ChoicesForm(forms.Form):
    fruit = forms.ChoiceField(choices=FRUITS)
    size = forms.ChoiceField(choices=SIZES, required=False)
    colour = forms.ChoiceField(choices=[("r", "Red"), ("g", "Green")], widget=forms.RadioSelect)
    tags = forms.MultipleChoiceField(choices=FRUITS)
    toppings = forms.MultipleChoiceField(choices=FRUITS, widget=forms.CheckboxSelectMultiple, required=False)
    count = forms.TypedChoiceField(choices=[(1, "One"), (2, "Two")], coerce=int, required=False, empty_value=None)


class DatesForm(forms.Form):
    day = forms.DateField()
    at = forms.DateTimeField(required=False)
    time = forms.TimeField(required=False)


class TextsForm(forms.Form):
    site = forms.URLField(required=False)
    slug = forms.SlugField(required=False)
    key = forms.UUIDField(required=False)
    address = forms.GenericIPAddressField(required=False)
    payload = forms.JSONField(required=False)
    secret = forms.CharField(widget=forms.PasswordInput, required=False, min_length=8)
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    nickname = forms.CharField(disabled=True, initial="Ann", required=False)


class SignupForm(forms.Form):
    username = forms.CharField(max_length=30)
    password1 = forms.CharField(widget=forms.PasswordInput, label="Password")
    password2 = forms.CharField(widget=forms.PasswordInput, label="Password confirmation")

    def clean_username(self):
        name = self.cleaned_data["username"]
        if name.lower() == "admin":
            raise ValidationError("That name is reserved.")
        return name.lower()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") != cleaned.get("password2"):
            raise ValidationError("The two password fields didn't match.")
        return cleaned


class FilesForm(forms.Form):
    document = forms.FileField(max_length=20)
    photo = forms.ImageField(required=False)
    notes = forms.FileField(required=False, widget=forms.FileInput)
    attachment = forms.FileField(required=False)


MEDIA = [
    ("Audio", (("vinyl", "Vinyl"), ("cd", "CD"))),
    ("Video", (("vhs", "VHS <Tape>"), ("dvd", "DVD"))),
    ("unknown", "Unknown"),
]


class GroupedForm(forms.Form):
    media = forms.ChoiceField(choices=MEDIA)
    station = forms.ChoiceField(choices=MEDIA, widget=forms.RadioSelect, required=False)
    formats = forms.MultipleChoiceField(choices=MEDIA, widget=forms.CheckboxSelectMultiple, required=False)
    wanted = forms.MultipleChoiceField(choices=MEDIA, required=False)


class Stored:
    """A stored file as a model gives it (Django's FieldFile): a name and a URL."""

    def __init__(self, name):
        self.name = name
        self.url = "/media/" + name.replace(" ", "%20")

    def __str__(self):
        return self.name

    def __bool__(self):
        return True


def make_png():
    """A 1×1 transparent PNG that Pillow (which Django's ImageField uses) accepts."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGBA", (1, 1)).save(buffer, "PNG")
    return buffer.getvalue()


PNG = make_png()


def upload(name, content, content_type="application/octet-stream"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type)


def python(value):
    """A cleaned value as text the Swift test can compare."""
    if isinstance(value, bool):
        return "True" if value else "False"
    if value is None:
        return "None"
    if isinstance(value, list):
        return "[" + ", ".join(python(v) for v in value) + "]"
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, (datetime.date, datetime.time, decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (dict,)):
        return json.dumps(value, sort_keys=True)
    if hasattr(value, "name"):
        return value.name
    return str(value)


CASES = {
    "contact_unbound": (ContactForm, {}),
    "contact_valid": (ContactForm, {"data": {"subject": "Hello", "sender": "ann@example.com", "message": "Hi <b>there</b>", "cc_myself": "on"}}),
    "contact_invalid": (ContactForm, {"data": {"subject": "x" * 101, "sender": "not an email", "message": ""}}),
    "contact_initial": (ContactForm, {"initial": {"subject": "Re: \"quotes\" & <tags>", "cc_myself": True}}),
    "contact_prefix": (ContactForm, {"prefix": "c", "data": {"c-subject": "Hi", "c-sender": "a@b.co", "c-message": "m"}}),
    "contact_no_auto_id": (ContactForm, {"auto_id": False}),
    "numbers_unbound": (NumbersForm, {}),
    "numbers_valid": (NumbersForm, {"data": {"count": " 7 ", "ratio": "2.5", "price": "12.50", "step": "10"}}),
    "numbers_invalid": (NumbersForm, {"data": {"count": "11", "ratio": "abc", "price": "1234.567", "step": "7"}}),
    "numbers_not_whole": (NumbersForm, {"data": {"count": "1.5", "price": "-0.001"}}),
    "numbers_other_digits": (NumbersForm, {"data": {"count": "\u0663", "price": "1", "step": "1_0"}}),
    "numbers_initial": (NumbersForm, {"initial": {"count": 3, "price": decimal.Decimal("9.90")}}),
    "choices_unbound": (ChoicesForm, {}),
    "choices_valid": (ChoicesForm, {"data": {"fruit": "b", "size": "", "colour": "g", "tags": ["a", "c"], "toppings": ["b"], "count": "2"}}),
    "choices_invalid": (ChoicesForm, {"data": {"fruit": "z", "colour": "", "tags": ["a", "q"], "count": "3"}}),
    "choices_initial": (ChoicesForm, {"initial": {"fruit": "c", "size": "l", "colour": "r", "tags": ["b"], "toppings": ["a", "c"], "count": 1}}),
    "dates_unbound": (DatesForm, {}),
    "dates_valid": (DatesForm, {"data": {"day": "2026-12-03", "at": "2026-12-03 14:05", "time": "09:30"}}),
    "dates_other_formats": (DatesForm, {"data": {"day": "12/03/2026", "at": "2026-12-03T14:05:09", "time": "09:30:15"}}),
    "dates_invalid": (DatesForm, {"data": {"day": "2026-02-30", "at": "yesterday", "time": "25:00"}}),
    "dates_initial": (DatesForm, {"initial": {"day": datetime.date(2026, 1, 2), "at": datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc), "time": datetime.time(6, 7, 8)}}),
    "texts_unbound": (TextsForm, {}),
    "texts_valid": (TextsForm, {"data": {"site": "example.com/path", "slug": "a-b_c", "key": "12345678-1234-5678-1234-567812345678", "address": "192.168.0.1", "payload": "{\"a\": [1, 2]}", "secret": "long enough", "token": "t", "nickname": "Bob"}}),
    "texts_invalid": (TextsForm, {"data": {"site": "not a url", "slug": "a b", "key": "nope", "address": "300.1.1.1", "payload": "{bad", "secret": "short", "token": ""}}),
    "files_unbound": (FilesForm, {}),
    "files_initial": (FilesForm, {"initial": {"attachment": Stored("docs/old report.pdf")}}),
    "files_valid": (FilesForm, {"data": {}, "files": {"document": upload("report.txt", b"hello"), "photo": upload("dot.png", PNG, "image/png")}}),
    "files_invalid": (FilesForm, {"data": {}, "files": {"document": upload("a-very-long-file-name.txt", b"x"), "photo": upload("fake.png", b"not an image at all"), "notes": upload("empty.txt", b"")}}),
    "files_missing": (FilesForm, {"data": {"document": "sent as text"}, "files": {}}),
    "files_clear": (FilesForm, {"initial": {"attachment": Stored("docs/old.pdf")}, "data": {"attachment-clear": "on"}, "files": {"document": upload("a.txt", b"a")}}),
    "files_contradiction": (FilesForm, {"initial": {"attachment": Stored("docs/old.pdf")}, "data": {"attachment-clear": "on"}, "files": {"document": upload("a.txt", b"a"), "attachment": upload("new.pdf", b"%PDF")}}),
    "files_keep": (FilesForm, {"initial": {"attachment": Stored("docs/old.pdf"), "document": Stored("docs/kept.txt")}, "data": {}, "files": {}}),
    "grouped_unbound": (GroupedForm, {}),
    "grouped_valid": (GroupedForm, {"data": {"media": "cd", "station": "dvd", "formats": ["vinyl", "unknown"], "wanted": ["vhs"]}}),
    "grouped_invalid": (GroupedForm, {"data": {"media": "Audio", "station": "Video", "formats": ["x"]}}),
    "signup_unbound": (SignupForm, {}),
    "signup_valid": (SignupForm, {"data": {"username": "Ann", "password1": "pw", "password2": "pw"}}),
    "signup_reserved": (SignupForm, {"data": {"username": "ADMIN", "password1": "pw", "password2": "pw"}}),
    "signup_mismatch": (SignupForm, {"data": {"username": "ann", "password1": "pw", "password2": "other"}}),
}


TEMPLATES = {
    "whole": "{{ form }}",
    "layouts": "<table>{{ form.as_table }}</table><ul>{{ form.as_ul }}</ul>{{ form.as_p }}{{ form.as_div }}",
    "by_hand": (
        "{{ form.non_field_errors }}{% for field in form %}<div>{{ field.label_tag }} {{ field }}"
        "{% if field.errors %}{{ field.errors }}{% endif %}{{ field.help_text }}</div>{% endfor %}"
    ),
    "one_field": (
        "{{ form.subject.errors }}<label for=\"{{ form.subject.id_for_label }}\">{{ form.subject.label }}</label>"
        "{{ form.subject }}{{ form.subject.value }}|{{ form.subject.html_name }}|{{ form.errors }}"
    ),
    "error_loops": (
        "{% for error in form.subject.errors %}[{{ error }}]{% endfor %}"
        "{% if form.errors %}has errors{% endif %}{% for e in form.non_field_errors %}({{ e }}){% endfor %}"
        "{% for f in form.visible_fields %}{{ f.name }},{% endfor %}{{ form.subject.errors.as_text }}"
    ),
}

TEMPLATE_FORMS = {
    "contact_invalid": CASES["contact_invalid"],
    "contact_unbound": CASES["contact_unbound"],
    "signup_mismatch": CASES["signup_mismatch"],
}


def render_templates():
    from django.template import Context, Engine

    engine = Engine()
    out = {}
    for form_name, (form_class, kwargs) in TEMPLATE_FORMS.items():
        for template_name, source in TEMPLATES.items():
            if template_name == "one_field" and form_class is SignupForm:
                continue
            form = form_class(**kwargs)
            out[f"{form_name}/{template_name}"] = {
                "source": source,
                "html": engine.from_string(source).render(Context({"form": form})),
            }
    return out


class ArticleForm(forms.Form):
    title = forms.CharField(max_length=10)
    pub_date = forms.DateField(required=False)


def management(total, initial):
    return {"form-TOTAL_FORMS": str(total), "form-INITIAL_FORMS": str(initial)}


FORMSETS = {
    "unbound_initial": ({"extra": 2, "can_delete": True}, {"initial": [{"title": "x"}]}),
    "unbound_min": ({"extra": 1, "min_num": 2}, {}),
    "valid_with_empty_extra": (
        {"extra": 2, "can_delete": True},
        {"data": {**management(3, 1), "form-0-title": "x", "form-1-title": "New", "form-2-title": ""},
         "initial": [{"title": "x"}]},
    ),
    "invalid": (
        {"extra": 1},
        {"data": {**management(2, 1), "form-0-title": "", "form-1-title": "y" * 11, "form-1-pub_date": "nope"},
         "initial": [{"title": "x"}]},
    ),
    "deleted_form_skips_validation": (
        {"extra": 1, "can_delete": True},
        {"data": {**management(2, 1), "form-0-title": "", "form-0-DELETE": "on", "form-1-title": "ok"},
         "initial": [{"title": "x"}]},
    ),
    "missing_management_form": ({"extra": 1}, {"data": {"form-0-title": "x"}}),
    "too_many": ({"extra": 0, "max_num": 1, "validate_max": True}, {"data": {**management(2, 0), "form-0-title": "a", "form-1-title": "b"}}),
    "too_few": ({"extra": 0, "min_num": 2, "validate_min": True}, {"data": {**management(2, 0), "form-0-title": "a", "form-1-title": ""}}),
}


def render_formsets():
    out = {}
    for name, (options, kwargs) in FORMSETS.items():
        formset = forms.formset_factory(ArticleForm, **options)(**kwargs)
        case = {"div": str(formset), "p": formset.as_p(), "forms": len(formset.forms)}
        if formset.is_bound:
            case["is_valid"] = formset.is_valid()
            case["errors"] = [{k: list(v) for k, v in form.errors.items()} for form in formset.forms] if formset.management_form.is_valid() else []
            case["non_form_errors"] = str(formset.non_form_errors())
        out[name] = case
    return out


def render_model_forms():
    from django.db import connection, models

    # Swift's `enum Mood: String, Choices { case happy, sad }`: Django's TextChoices with the
    # labels Django derives from the names.
    class Mood(models.TextChoices):
        HAPPY = "happy"
        SAD = "sad"

    class Review(models.Model):
        name = models.CharField(max_length=50, unique=True)
        message = models.TextField(help_text="Be nice.")
        email = models.EmailField(max_length=254, null=True, blank=True)
        mood = models.CharField(max_length=5, choices=Mood.choices, default=Mood.HAPPY)
        rating = models.IntegerField(null=True, blank=True)
        published = models.BooleanField(default=False)
        price = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)

        class Meta:
            app_label = "contenttypes"

    with connection.schema_editor() as editor:
        editor.create_model(Review)

    class ReviewForm(forms.ModelForm):
        class Meta:
            model = Review
            fields = ["name", "message", "email", "mood", "rating", "published", "price"]

    cases = {
        "unbound": {},
        "invalid": {"data": {"name": "n" * 51, "message": "", "email": "bad", "mood": "angry", "rating": "x", "price": "1.234"}},
        "valid": {"data": {"name": "Ann", "message": "Hi", "mood": "sad", "rating": "3", "published": "on", "price": "9.5"}},
    }
    out = {}
    for name, kwargs in cases.items():
        form = ReviewForm(**kwargs)
        case = {"div": str(form), "p": form.as_p()}
        if form.is_bound:
            case["is_valid"] = form.is_valid()
            case["errors"] = {field: list(messages) for field, messages in form.errors.items()}
        out[name] = case
    out.update(render_many_to_many(connection, models))
    return out


def render_many_to_many(connection, models):
    """A model form with many-to-many fields (ModelMultipleChoiceField), two topics in the table."""

    class Topic(models.Model):
        name = models.CharField(max_length=30)

        class Meta:
            app_label = "contenttypes"

        def __str__(self):
            return self.name

    class Post(models.Model):
        title = models.CharField(max_length=60)
        topics = models.ManyToManyField(Topic, related_name="posts")
        related = models.ManyToManyField(Topic, blank=True, related_name="see_also_posts")

        class Meta:
            app_label = "contenttypes"

    with connection.schema_editor() as editor:
        editor.create_model(Topic)
        editor.create_model(Post)
    Topic.objects.create(name="Swift")
    Topic.objects.create(name="Web & <HTML>")

    class PostForm(forms.ModelForm):
        class Meta:
            model = Post
            fields = "__all__"

    cases = {
        "m2m_unbound": {},
        "m2m_invalid": {"data": {"title": "Bad", "topics": ["999"]}},
        "m2m_valid": {"data": {"title": "Hello", "topics": ["1", "2"], "related": ["2"]}},
    }
    out = {}
    for name, kwargs in cases.items():
        if "data" in kwargs:
            from django.http import QueryDict

            data = QueryDict(mutable=True)
            for key, value in kwargs["data"].items():
                data.setlist(key, value if isinstance(value, list) else [value])
            kwargs = {"data": data}
        form = PostForm(**kwargs)
        case = {"div": str(form), "p": form.as_p()}
        if form.is_bound:
            case["is_valid"] = form.is_valid()
            case["errors"] = {field: list(messages) for field, messages in form.errors.items()}
        out[name] = case
    out.update(render_model_formset(Topic))
    return out


def render_model_formset(Topic):
    """modelformset_factory over the two topics: unbound, then a post that changes one,
    deletes the other and adds a third."""
    from django.forms import modelformset_factory
    from django.http import QueryDict

    TopicFormSet = modelformset_factory(Topic, fields=["name"], extra=1, can_delete=True)
    # NB: each rendered before the next changes the rows (querysets are lazy).
    unbound = TopicFormSet(queryset=Topic.objects.order_by("name"))
    out = {"formset_unbound": {"div": str(unbound), "p": unbound.as_p()}}
    data = QueryDict(mutable=True)
    for key, value in {
        "form-TOTAL_FORMS": "3", "form-INITIAL_FORMS": "2", "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1000",
        "form-0-id": "1", "form-0-name": "Swift 6", "form-1-id": "2", "form-1-name": "Web & <HTML>",
        "form-1-DELETE": "on", "form-2-id": "", "form-2-name": "Databases",
    }.items():
        data[key] = value
    tampered = data.copy()
    tampered["form-0-id"] = "999"
    bad = TopicFormSet(tampered, queryset=Topic.objects.order_by("name"))
    out["formset_tampered"] = {"is_valid": bad.is_valid(), "errors": bad.errors[0], "div": str(bad), "p": bad.as_p()}
    bound = TopicFormSet(data, queryset=Topic.objects.order_by("name"))
    valid = bound.is_valid()
    case = {"div": str(bound), "p": bound.as_p(), "is_valid": valid, "errors": {}}
    case["saved"] = [str(topic) for topic in bound.save()]
    case["rows"] = sorted(str(topic) for topic in Topic.objects.all())
    out["formset_bound"] = case
    return out


def main():
    out = {}
    for name, (form_class, kwargs) in CASES.items():
        form = form_class(**kwargs)
        case = {}
        if form.is_bound:
            case["is_valid"] = form.is_valid()
            case["errors"] = {field: list(messages) for field, messages in form.errors.items()}
            if form.is_valid():
                case["cleaned"] = {field: python(value) for field, value in form.cleaned_data.items()}
            case["errors_html"] = str(form.errors)
            case["non_field_errors"] = str(form.non_field_errors())
        case["div"] = str(form)
        case["p"] = form.as_p()
        case["table"] = form.as_table()
        case["ul"] = form.as_ul()
        case["fields"] = {
            field.name: {
                "widget": str(field),
                "label_tag": field.label_tag(),
                "errors": str(field.errors),
                "id_for_label": field.id_for_label,
                "html_name": field.html_name,
                "label": field.label,
            }
            for field in form
        }
        out[name] = case
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "django_forms.json")
    with open(path, "w") as handle:
        json.dump({"django": django.get_version(), "cases": out, "templates": render_templates(), "formsets": render_formsets(),
                   "model_forms": render_model_forms(), "png": PNG.hex()}, handle, indent=1, sort_keys=True, ensure_ascii=False)
        handle.write("\n")


main()
