"""Secret detection judges the value: never an identifier, a value iacsim made up, or a command substitution."""

from __future__ import annotations

import pytest

from iacsim.model.lambda_ import environment_variable
from iacsim.model.value_shape import summarize
from iacsim.rules._secrets import name_says_secret, secret_reasons
from iacsim.values import MadeUp


@pytest.mark.parametrize("value", [
    "1234abcd-12ab-34cd-56ef-1234567890ab",  # a KMS key id (iacsim synthesizes these too)
    "mrk-1234abcd12ab34cd56ef1234567890ab",
    "arn:aws:secretsmanager:us-east-1:111111111111:secret:prod/db-AbC123",
    "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    "alias/app-secrets",
    "ami-0123456789abcdef0",
    "/prod/db/password",
    "86400",
])
def test_identifiers_have_no_secret_signals(value: str) -> None:
    shape = summarize(value, "value")
    assert shape.secret_signals == () and shape.identifier is True


def test_a_made_up_value_is_never_judged() -> None:
    shape = summarize(MadeUp("StackFromFileName-Xy7Qw9Zr2Lk5Mn8Pq"), "value")
    assert shape.secret_signals == () and shape.identifier is True


@pytest.mark.parametrize("text", [
    "password=$(/opt/app/bin/fetch-secret --name db)",
    "token=`/opt/app/bin/fetch-secret --name api`",
    "secret: ${DB_SECRET_FROM_ENV}",
])
def test_command_substitution_reads_a_secret_it_does_not_contain(text: str) -> None:
    assert "credential-assignment" not in summarize(text, "value").secret_signals


def test_real_credentials_are_still_found() -> None:
    assert "credential-assignment" in summarize("password=hunter2-prod", "value").secret_signals
    assert "aws-access-key-id" in summarize("AKIAIOSFODNN7EXAMPLE", "value").secret_signals
    assert "high-entropy" in summarize("q8Zr2Lk5Mn8Pq3Wx9Tb7", "value").secret_signals


@pytest.mark.parametrize(("name", "says"), [
    ("DB_PASSWORD", True), ("/app/api-token", True), ("SECRET_ARN", False), ("/app/db-secret-arn", False),
    ("TOKEN_BUCKET", False), ("SECRET_KEY_ALIAS", False), ("AUTH_TABLE", False), ("/app/secret-name", False),
])
def test_a_name_about_a_secret_does_not_say_it_holds_one(name: str, says: bool) -> None:
    assert name_says_secret(name) is says


def test_an_environment_variable_holding_an_identifier_is_not_a_secret_by_its_name() -> None:
    for value in ("1234abcd-12ab-34cd-56ef-1234567890ab", "alias/app", MadeUp("stack-db-credentials")):
        var = environment_variable("DB_SECRET", value)
        assert var.reference is True and secret_reasons(var.name, var.value, reference=var.reference) == []


@pytest.mark.parametrize("value", ["AWSAdministratorAccess", "MyApplicationDeployRole", "payments_primary_database"])
def test_names_made_of_words_are_not_high_entropy(value: str) -> None:
    """aws-samples' Image Builder Lambda gets a permission set *name* (default AWSAdministratorAccess): not random."""
    assert "high-entropy" not in summarize(value, "value").secret_signals


@pytest.mark.parametrize("value", ["qXhTzLpWmRvBnKdFgHjY", "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY"])
def test_random_characters_are_still_high_entropy(value: str) -> None:
    assert "high-entropy" in summarize(value, "value").secret_signals
