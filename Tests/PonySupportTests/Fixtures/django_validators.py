# Generates django_validators.json: what Django 5.2's validate_email, URLValidator,
# validate_slug and validate_ipv4_address say of each value, for TextFormatsTests.
#
#   pip install "django>=5.2,<5.3" && python3 django_validators.py > django_validators.json
import json

import django
from django.conf import settings
settings.configure()
from django.core.validators import URLValidator, validate_email, validate_ipv4_address, validate_slug
from django.core.exceptions import ValidationError


def ok(validator, value):
    try:
        validator(value)
        return True
    except ValidationError:
        return False



emails = ["a@b.co", "a@b.c", "a@localhost", "a@LOCALHOST", "a..b@c.com", ".a@c.com", "a.@c.com", "a@c..com", "a@-c.com", "a@c-.com", "a@c.com.", "a@c.c-m", "a@c.-cm", "a@c.co-", "a@c.123", "a@c.x1", "a@[127.0.0.1]", "a@[::1]", "a@[IPv6:::1]", "a@[1.2.3]", "\"a b\"@c.com", "\"a\\\"b\"@c.com", "\"a\"b\"@c.com", "a b@c.com", "a@b@c.com", "@c.com", "a@", "", "a@例え.jp", "a@b.例え", "ü@c.com", "a@" + "b"*64 + ".com", "a@" + "b"*63 + ".com", "a@b." + "c"*63, "a@b." + "c"*64, "a@xn--r8jz45g.jp", "a@b.xn--p1ai", "a@b.XN--P1AI", "a+tag@c.com", "A@C.COM", "a@c.com\n", "a@b.\U0001F600\U0001F600", "a@\U0001F600.com", "a" * 310 + "@c.com", "a" * 320 + "@c.com", "a@_c.com", "a@c_d.com", "a@[+1.2.3.4]", "a@[01.2.3.4]"]
urls = ["http://a.com", "https://a.com/x?y#z", "ftp://a.com", "ftps://a.com", "mailto:a@b.com", "http://localhost", "http://localhost:8000/x", "http://127.0.0.1", "http://256.1.1.1", "http://[::1]:80/", "http://[::1", "http://a", "http://a.b", "http://a.bc", "http://-a.com", "http://a-.com", "http://a.com.", "http://a.com:99999", "http://a.com:65535", "http://a.com:", "http://user:pass@a.com", "http://exa mple.com", "http://例え.jp", "http://a.com/例え", "HTTP://A.COM", "http://a..com", "http://.a.com", "http://a.com/\n", "//a.com", "a.com", "http://a.xn--p1ai", "http://a.c1", "http://a.com/" + "x" * 2040, "http://a.com/" + "x" * 2100, "http://\U0001F600.com", "http://a.\U0001F600\U0001F600", "http://a_b.com", "http://1.2.3", "http://a.com:08", "http://+1.2.3.4", "http://1.2.3.4:80/x"]
slugs = ["a-b_c", "", "a b", "é", "A9", "-", "a.b"]
ipv4 = ["1.2.3.4", "+1.2.3.4", "01.2.3.4", "0.0.0.0", "256.0.0.0", "1.2.3", " 1.2.3.4", "1.2.3.4 ", "1.2.3.٣"]
out = {
    "email": [[e, ok(validate_email, e)] for e in emails],
    "url": [[u, ok(URLValidator(), u)] for u in urls],
    "slug": [[s, ok(validate_slug, s)] for s in slugs],
    "ipv4": [[a, ok(validate_ipv4_address, a)] for a in ipv4],
}
print(json.dumps(out, indent=1, ensure_ascii=True))
