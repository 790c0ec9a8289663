"""Writes hashes.json: digests, HMACs and PBKDF2 keys from Python's hashlib and hmac
(OpenSSL), for PonyCryptoTests. Run: python3 generate_hashes.py > hashes.json"""
import hashlib
import hmac
import json
import sys


def message(length, seed=0):
    """Deterministic bytes, different for each seed."""
    return bytes((index * 7 + seed * 13 + 3) % 256 for index in range(length))


ALGORITHMS = ["md5", "sha1", "sha256", "sha512"]
# Around both block sizes (64, 128) and the padding limits (55/56, 111/112).
LENGTHS = [0, 1, 3, 55, 56, 57, 63, 64, 65, 111, 112, 113, 127, 128, 129, 200, 1000, 10000]
KEY_LENGTHS = [0, 1, 20, 63, 64, 65, 127, 128, 129, 300]

digests = [
    {"algorithm": name, "length": length, "hex": hashlib.new(name, message(length)).hexdigest()}
    for name in ALGORITHMS
    for length in LENGTHS
]
hmacs = [
    {
        "algorithm": name,
        "keyLength": key_length,
        "length": length,
        "hex": hmac.new(message(key_length, seed=1), message(length), name).hexdigest(),
    }
    for name in ["sha1", "sha256", "sha512", "md5"]
    for key_length in KEY_LENGTHS
    for length in [0, 17, 64, 300]
]
PBKDF2_CASES = [
    # RFC 6070's inputs, and Django-like ones: long passwords (hashed as HMAC keys), empty
    # ones, and keys longer than one digest.
    ("password", "salt", 1, None),
    ("password", "salt", 2, None),
    ("password", "salt", 4096, None),
    ("passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096, 25),
    ("", "seasalt22characterssalt", 1000, None),
    ("lètmein", "seasalt22characterssalt", 1000, None),
    ("p" * 200, "salt", 10, None),
    ("password", "", 3, None),
    ("password", "salt", 5, 100),
    ("password", "salt", 1, 1),
]
pbkdf2 = [
    {
        "algorithm": name,
        "password": password,
        "salt": salt,
        "iterations": iterations,
        "length": length if length is not None else hashlib.new(name).digest_size,
        "hex": hashlib.pbkdf2_hmac(name, password.encode(), salt.encode(), iterations, length).hex(),
    }
    for name in ["sha1", "sha256", "sha512"]
    for password, salt, iterations, length in PBKDF2_CASES
]
json.dump({"digests": digests, "hmacs": hmacs, "pbkdf2": pbkdf2}, sys.stdout, indent=1, ensure_ascii=False)
sys.stdout.write("\n")
