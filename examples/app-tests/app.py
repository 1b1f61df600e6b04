"""The example application: plain boto3, no test hooks.

It encrypts API tokens with the application's customer managed key and keeps its database password in
Parameter Store as a SecureString encrypted with the same key. Nothing here knows about iacsim: the tests
run it unchanged against the cloud iacsim builds from ``infra/``.
"""

from __future__ import annotations

import boto3

KEY = "alias/app-secrets"
CONTEXT = {"app": "example"}
PASSWORD = "/app/db-password"
HOST = "/app/db-host"


def encrypt_token(token: str) -> bytes:
    kms = boto3.client("kms")
    blob: bytes = kms.encrypt(KeyId=KEY, Plaintext=token.encode(), EncryptionContext=CONTEXT)["CiphertextBlob"]
    return blob


def decrypt_token(blob: bytes) -> str:
    kms = boto3.client("kms")
    plaintext: bytes = kms.decrypt(CiphertextBlob=blob, EncryptionContext=CONTEXT)["Plaintext"]
    return plaintext.decode()


def save_password(value: str) -> None:
    ssm = boto3.client("ssm")
    ssm.put_parameter(Name=PASSWORD, Value=value, Type="SecureString", KeyId=KEY, Overwrite=True)


def database_settings() -> dict[str, str]:
    ssm = boto3.client("ssm")
    host = ssm.get_parameter(Name=HOST)["Parameter"]["Value"]
    password = ssm.get_parameter(Name=PASSWORD, WithDecryption=True)["Parameter"]["Value"]
    return {"host": host, "password": password}
