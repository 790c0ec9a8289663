"""aiosmtpd (PyPI) servers for SMTPInteropTests: STARTTLS on one port, TLS from the start on
another, both with the certificates beside this file and a login (user / secret) required.

    python3 smtpd.py FOLDER

writes FOLDER/ports ("STARTTLS_PORT SMTPS_PORT") once both listen, then each message it
receives as FOLDER/<n>.json, and stops when its standard input closes.
"""

import json
import os
import socket
import ssl
import sys
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

# NB: the SMTPS server's login is over TLS from the start, which aiosmtpd does not see.
warnings.filterwarnings("ignore", "Requiring AUTH while not requiring TLS")
here = os.path.dirname(os.path.abspath(__file__))
folder = sys.argv[1]


class Handler:
    count = 0

    async def handle_DATA(self, server, session, envelope):
        Handler.count += 1
        record = {
            "from": envelope.mail_from,
            "to": envelope.rcpt_tos,
            "tls": server.transport.get_extra_info("ssl_object") is not None,
            "login": session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None,
            "data": envelope.content.decode("utf-8", "replace"),
        }
        with open(os.path.join(folder, f"{Handler.count}.json"), "w") as file:
            json.dump(record, file)
        return "250 OK"


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"user" and auth_data.password == b"secret"
    return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(os.path.join(here, "server.pem"), os.path.join(here, "server-key.pem"))
options = {"authenticator": authenticate, "auth_required": True}
starttls = Controller(
    Handler(), hostname="127.0.0.1", port=free_port(), tls_context=context, require_starttls=True, **options
)
smtps = Controller(
    Handler(), hostname="127.0.0.1", port=free_port(), ssl_context=context,
    server_kwargs={"auth_require_tls": False}, **options
)
starttls.start()
smtps.start()
with open(os.path.join(folder, "ports.tmp"), "w") as file:
    file.write(f"{starttls.port} {smtps.port}")
os.rename(os.path.join(folder, "ports.tmp"), os.path.join(folder, "ports"))
sys.stdin.read()
starttls.stop()
smtps.stop()
