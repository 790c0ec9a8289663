#!/usr/bin/env bash
# Writes the certificates the SMTP TLS tests use (for tests only: the keys are public).
#   ca.pem            a certificate authority the tests trust (its key is not kept)
#   server.pem/-key   signed by it, for localhost and 127.0.0.1
#   other.pem/-key    signed by it, for mail.example.test only (a host name mismatch)
#   client.pem/-key   signed by it, a client certificate (EMAIL_SSL_CERTFILE/KEYFILE)
# Valid for 100 years. Run from anywhere: bash Tests/PonyMailTests/Fixtures/tls/generate.sh
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
key "$work/ca-key.pem"
openssl req -x509 -new -key "$work/ca-key.pem" -sha256 -days 36500 -subj "/CN=Pony test CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.pem
leaf() { # name, subject, extensions
    key "$1-key.pem"
    openssl req -new -key "$1-key.pem" -subj "$2" -out "$work/$1.csr"
    printf '%s\n' "$3" > "$work/$1.ext"
    openssl x509 -req -in "$work/$1.csr" -CA ca.pem -CAkey "$work/ca-key.pem" -CAcreateserial \
        -days 36500 -sha256 -extfile "$work/$1.ext" -out "$1.pem" 2>/dev/null
}
leaf server "/CN=localhost" "subjectAltName=DNS:localhost,IP:127.0.0.1
extendedKeyUsage=serverAuth"
leaf other "/CN=mail.example.test" "subjectAltName=DNS:mail.example.test
extendedKeyUsage=serverAuth"
leaf client "/CN=pony-client" "extendedKeyUsage=clientAuth"
rm -f ca.srl
