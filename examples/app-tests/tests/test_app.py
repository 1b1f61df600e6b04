"""The application works with the infrastructure it is deployed with: its role may use the key, the key
policy lets it, and the parameters it reads exist. A missing ``kms:Decrypt`` in the role's policy, or a key
policy statement denying it, fails these tests with AWS's AccessDeniedException and iacsim's explanation."""

from __future__ import annotations

import app
import pytest

from iacsim.testing import Infrastructure


def test_a_token_survives_the_round_trip(infra: Infrastructure) -> None:
    assert app.decrypt_token(app.encrypt_token("tok-123")) == "tok-123"


def test_the_password_the_app_saves_is_the_one_it_reads(infra: Infrastructure) -> None:
    app.save_password("correct horse battery staple")
    assert app.database_settings() == {"host": "db.internal.example.com",
                                       "password": "correct horse battery staple"}


def test_the_deployed_password_is_readable(infra: Infrastructure) -> None:
    assert app.database_settings()["password"] == "iacsim-simulated-value"  # the SecureString's placeholder


def test_another_role_may_not_assume_the_apps(infra: Infrastructure) -> None:
    from botocore.exceptions import ClientError

    with pytest.raises(ClientError, match="trust policy"), infra.as_principal("aws_iam_role.app", source="123456789012"):
        pass
