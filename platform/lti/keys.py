"""The tool's own RSA key pair per platform: the private key signs the client assertions Unwind sends to a
platform's token endpoint (grade passback); the public key is published at /lti/jwks/ for the platform."""

from __future__ import annotations

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from pylti1p3.registration import Registration


def new_private_key_pem() -> str:
    """A fresh 2048-bit RSA private key (PKCS#8 PEM), the size LTI platforms expect for RS256."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def public_key_pem(private_pem: str) -> str:
    """The public half of `private_pem`, as SubjectPublicKeyInfo PEM."""
    key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def public_jwk(public_pem: str) -> dict:
    """The JWK a platform reads (kid is the key's RFC 7638 thumbprint, as PyLTI1p3 signs with it)."""
    return dict(Registration.get_jwk(public_pem))
