"""The simulated Parameter Store client (boto3 ``ssm``).

Operations: PutParameter, GetParameter, GetParameters, GetParametersByPath, GetParameterHistory,
LabelParameterVersion, DescribeParameters, DeleteParameter. Every call is authorized (``ssm:<Operation>`` on the
parameter ARN) through the policy evaluator with the caller's IAM policies.

SecureString encryption follows "How AWS Systems Manager Parameter Store uses AWS KMS"
(https://docs.aws.amazon.com/kms/latest/developerguide/services-parameter-store.html):
Standard parameters are encrypted with ``kms:Encrypt`` directly; Advanced parameters use envelope
encryption (``kms:GenerateDataKey``, then AES-256-GCM locally); both with the encryption context
``{"PARAMETER_ARN": <parameter ARN>}``, as the calling principal with ``kms:ViaService =
ssm.<region>.amazonaws.com``. GetParameter ``WithDecryption`` calls ``kms:Decrypt`` the same way.
The default key is the AWS managed ``alias/aws/ssm``.
"""

from __future__ import annotations

import base64
import os
import struct
from typing import Any, Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from iacsim.aws.arn import Arn
from iacsim.aws.ssm_limits import (
    MAX_LABELS_PER_VERSION,
    ParameterPolicy,
    check_allowed_pattern,
    check_label,
    check_parameter_name,
    check_value_type,
    parse_policies,
    resolve_tier,
)
from iacsim.aws.violation import Violation
from iacsim.sim.authz import require
from iacsim.sim.client import BaseClient, operation
from iacsim.sim.cloud import Cloud, ServiceSpec, register_service
from iacsim.sim.errors import (
    AccessDeniedException,
    AwsError,
    ClientError,
    CodedError,
    ValidationException,
    aws_error,
)
from iacsim.sim.kms.managed import aws_managed_key
from iacsim.sim.ssm.backend import (
    Parameter,
    ParameterVersion,
    SsmBackend,
    history_shape,
    metadata_shape,
    parameter_shape,
)
from iacsim.sim.ssm.errors import (
    HierarchyTypeMismatchException,
    InvalidKeyId,
    InvalidNextToken,
    ParameterAlreadyExists,
    ParameterLimitExceeded,
    ParameterVersionNotFound,
)

DEFAULT_KEY: Final = "alias/aws/ssm"
STANDARD_QUOTA: Final = 10_000
ADVANCED_QUOTA: Final = 100_000
_ENVELOPE_MAGIC: Final = b"iacsim-ssm-envelope-1"
"""Advanced SecureString blob: magic | u16 length of the KMS data-key blob | data-key blob |
12-byte nonce | AES-256-GCM ciphertext+tag (AAD = parameter ARN). Not AWS's bytes, same properties."""


def _raise(violation: Violation) -> None:
    raise aws_error(violation.code, violation.message)


def _kms_failure(error: ClientError, action: str) -> CodedError:
    """How Parameter Store surfaces a failed KMS call: a KMS denial stays AccessDeniedException,
    every other KMS error (disabled key, missing key, wrong context) is reported as InvalidKeyId,
    with KMS's error code in the message as AWS does ("... (Service: AWSKMS; Error Code: ...)")."""
    code = error.response["Error"]["Code"]
    message = error.response["Error"]["Message"]
    detail = f"{message} (Service: AWSKMS; Error Code: {code}; Action: {action})"
    if code == "AccessDeniedException":
        return AccessDeniedException(detail)
    return InvalidKeyId(detail)


class SsmClient(BaseClient):
    service_name = "ssm"

    @property
    def backend(self) -> SsmBackend:
        return self.cloud.backend(SSM, self.account, self.region)

    def _authorize(self, operation_name: str, resource: str) -> None:
        require(
            self.cloud,
            self.caller,
            f"ssm:{operation_name}",
            resource,
            resource_account=self.account,
            region=self.region,
        )

    def _kms(self) -> Any:
        return self.cloud.via("ssm", "kms", self.region, self.caller)

    # -- name resolution ------------------------------------------------------------
    def _split(self, reference: str) -> tuple[str, str | None]:
        """Name (or this account's parameter ARN) with an optional ``:version`` / ``:label`` selector."""
        name = reference
        if reference.startswith("arn:"):
            prefix = str(Arn(self.cloud.partition, "ssm", self.region, self.account, "parameter"))
            if not reference.startswith(prefix):
                # Reading another account's parameter needs AWS RAM sharing, which is not simulated.
                raise NotImplementedError(
                    f"ssm: {reference} is not a parameter of {self.account} in {self.region}; "
                    "cross-account parameters (AWS RAM shares) are not simulated"
                )
            name = reference[len(prefix) :]
            # "/flat" and "flat" share one ARN (the ARN drops the leading slash): prefer the one that exists.
            if name.count("/") == 1 and self.backend.find(name.split(":", 1)[0][1:]) is not None:
                name = name[1:]
        if ":" in name:
            base, _, selector = name.rpartition(":")
            return base, selector
        return name, None

    def _plain_name(self, reference: str) -> str:
        """A name or parameter ARN, without selector (operations that take no ``:version``/``:label``)."""
        name, selector = self._split(reference)
        if selector is not None:
            raise ValidationException(
                f"Parameter name {reference} must not include a version or label."
            )
        return name

    def _select(self, reference: str) -> tuple[Parameter, ParameterVersion, str | None]:
        name, selector = self._split(reference)
        parameter = self.backend.get(name)
        if selector is None:
            return parameter, parameter.latest, None
        if selector.isdigit():
            version = parameter.versions.get(int(selector))
            if version is None:
                raise ParameterVersionNotFound(
                    f"Systems Manager could not find version {selector} of {name}. Verify the version and try again.",
                )
            return parameter, version, f":{selector}"
        labelled = parameter.by_label(selector)
        if labelled is None:
            raise ParameterVersionNotFound(
                f"Systems Manager could not find label {selector} of {name}. Verify the label and try again.",
            )
        return parameter, labelled, f":{selector}"

    # -- SecureString crypto ----------------------------------------------------------
    def _encrypt(self, arn: str, key_id: str, tier: str, value: str) -> str:
        context = {"PARAMETER_ARN": arn}
        kms = self._kms()
        if tier == "Standard":
            try:
                blob: bytes = kms.encrypt(KeyId=key_id, Plaintext=value.encode(), EncryptionContext=context)[
                    "CiphertextBlob"
                ]
            except ClientError as error:
                raise _kms_failure(error, "kms:Encrypt") from None
            return base64.b64encode(blob).decode()
        try:
            data_key = kms.generate_data_key(KeyId=key_id, KeySpec="AES_256", EncryptionContext=context)
        except ClientError as error:
            raise _kms_failure(error, "kms:GenerateDataKey") from None
        nonce = os.urandom(12)
        sealed = AESGCM(data_key["Plaintext"]).encrypt(nonce, value.encode(), arn.encode())
        wrapped: bytes = data_key["CiphertextBlob"]
        envelope = _ENVELOPE_MAGIC + struct.pack(">H", len(wrapped)) + wrapped + nonce + sealed
        return base64.b64encode(envelope).decode()

    def _decrypt(self, arn: str, stored: str) -> str:
        context = {"PARAMETER_ARN": arn}
        raw = base64.b64decode(stored)
        kms = self._kms()
        if not raw.startswith(_ENVELOPE_MAGIC):
            try:
                plaintext: bytes = kms.decrypt(CiphertextBlob=raw, EncryptionContext=context)["Plaintext"]
            except ClientError as error:
                raise _kms_failure(error, "kms:Decrypt") from None
            return plaintext.decode()
        body = raw[len(_ENVELOPE_MAGIC) :]
        (length,) = struct.unpack(">H", body[:2])
        wrapped, nonce, sealed = body[2 : 2 + length], body[2 + length : 14 + length], body[14 + length :]
        try:
            data_key: bytes = kms.decrypt(CiphertextBlob=wrapped, EncryptionContext=context)["Plaintext"]
        except ClientError as error:
            raise _kms_failure(error, "kms:Decrypt") from None
        try:
            return AESGCM(data_key).decrypt(nonce, sealed, arn.encode()).decode()
        except InvalidTag:
            raise InvalidKeyId(f"The ciphertext of {arn} could not be decrypted.") from None

    def _value(self, parameter: Parameter, version: ParameterVersion, with_decryption: bool) -> str:
        if version.param_type == "SecureString" and with_decryption:
            return self._decrypt(parameter.arn, version.stored_value)
        return version.stored_value

    # -- operations ---------------------------------------------------------------------
    @operation("PutParameter")
    def put_parameter(
        self,
        *,
        Name: str,
        Value: str,
        Type: str | None = None,
        Description: str | None = None,
        KeyId: str | None = None,
        Overwrite: bool = False,
        AllowedPattern: str | None = None,
        Tags: list[dict[str, str]] | None = None,
        Tier: str | None = None,
        Policies: str | None = None,
        DataType: str | None = None,
    ) -> dict[str, Any]:
        """PutParameter (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html)."""
        violation = check_parameter_name(Name)
        if violation is not None:
            _raise(violation)
        backend = self.backend
        arn = backend.arn(Name)
        self._authorize("PutParameter", arn)
        existing = backend.find(Name)
        current = existing.latest if existing is not None else None
        if existing is not None and not Overwrite:
            raise ParameterAlreadyExists(
                "The parameter already exists. To overwrite this value, set the overwrite option in the "
                "request to true.",
            )
        if Tags and Overwrite:
            raise ValidationException(
                "Invalid request: tags and overwrite can't be used together. To create a parameter with "
                "tags, please remove overwrite flag. To update tags for an existing parameter, please use "
                "AddTagsToResource or RemoveTagsFromResource.",
            )
        param_type = Type or (current.param_type if current is not None else None)
        if param_type is None:
            raise ValidationException("A parameter type is required when you create a parameter.")
        if current is not None and param_type != current.param_type:
            raise HierarchyTypeMismatchException(
                f"Parameter Store does not support changing a parameter type in a hierarchy. {Name} is a "
                f"{current.param_type} parameter; you can't change it to {param_type}. You must create a new, "
                "unique parameter.",
            )
        data_type = DataType or (current.data_type if current is not None else "text")
        violation = check_value_type(Value, param_type, data_type)
        if violation is not None:
            _raise(violation)
        if KeyId is not None and param_type != "SecureString":
            # UNCONFIRMED: AWS documents KeyId for SecureString only; refusing is safer than ignoring.
            raise ValidationException("KeyId can be specified only for SecureString parameters.")
        pattern = (
            AllowedPattern if AllowedPattern is not None else (current.allowed_pattern if current else None)
        )
        if pattern is not None:
            violation = check_allowed_pattern(pattern, Value)
            if violation is not None:
                _raise(violation)
        policies: tuple[ParameterPolicy, ...] = current.policies if current is not None else ()
        if Policies is not None:
            parsed = parse_policies(Policies)
            if isinstance(parsed, Violation):
                _raise(parsed)
            else:
                policies = parsed
        tier = resolve_tier(
            Tier or "",
            current.tier if current is not None else None,
            Value,
            bool(policies),
            backend.count_tier("Standard"),
        )
        if isinstance(tier, Violation):
            _raise(tier)
            return {}  # unreachable: _raise always raises
        if existing is None or current is None or current.tier != tier:
            quota = STANDARD_QUOTA if tier == "Standard" else ADVANCED_QUOTA
            if backend.count_tier(tier) >= quota:
                raise ParameterLimitExceeded(
                    f"You have exceeded the number of {tier} parameters ({quota}) for this account and Region.",
                )
        key_id: str | None = None
        stored = Value
        if param_type == "SecureString":
            key_id = KeyId or DEFAULT_KEY
            if KeyId is None:
                # The AWS managed key exists from Parameter Store's first use of it in the account+region.
                aws_managed_key(self.cloud, self.account, self.region, "ssm")
            stored = self._encrypt(arn, key_id, tier, Value)
        version = ParameterVersion(
            version=0,
            param_type=param_type,
            tier=tier,
            stored_value=stored,
            key_id=key_id,
            description=Description if Description is not None else (current.description if current else ""),
            allowed_pattern=pattern,
            data_type=data_type,
            modified=self.cloud.clock.now(),
            modified_by=self.caller.principal.arn,
            policies=policies,
        )
        tags = {t["Key"]: t["Value"] for t in Tags or []}
        backend.put(Name, version, tags)
        return {"Version": version.version, "Tier": tier}

    @operation("GetParameter")
    def get_parameter(self, *, Name: str, WithDecryption: bool = False) -> dict[str, Any]:
        name, _ = self._split(Name)
        self._authorize("GetParameter", self.backend.arn(name))
        parameter, version, selector = self._select(Name)
        value = self._value(parameter, version, WithDecryption)
        return {"Parameter": parameter_shape(parameter, version, value, selector)}

    @operation("GetParameters")
    def get_parameters(self, *, Names: list[str], WithDecryption: bool = False) -> dict[str, Any]:
        if not 1 <= len(Names) <= 10:
            raise ValidationException(
                "1 validation error detected: Value at 'names' failed to satisfy constraint: Member must have "
                "length less than or equal to 10",
            )
        found: list[dict[str, Any]] = []
        invalid: list[str] = []
        for reference in Names:
            name, _ = self._split(reference)
            self._authorize("GetParameters", self.backend.arn(name))
            try:
                parameter, version, selector = self._select(reference)
            except AwsError as error:
                if error.code in ("ParameterNotFound", "ParameterVersionNotFound"):
                    invalid.append(reference)
                    continue
                raise
            value = self._value(parameter, version, WithDecryption)
            found.append(parameter_shape(parameter, version, value, selector))
        return {"Parameters": found, "InvalidParameters": invalid}

    @operation("GetParametersByPath")
    def get_parameters_by_path(
        self,
        *,
        Path: str,
        Recursive: bool = False,
        WithDecryption: bool = False,
        MaxResults: int | None = None,
        NextToken: str | None = None,
    ) -> dict[str, Any]:
        """Direct children of ``Path`` (every descendant when ``Recursive``), 10 per page by default."""
        if not Path.startswith("/"):
            raise ValidationException("The parameter path must begin with a forward slash (/).")
        limit = _page_size(MaxResults, 10)
        self._authorize("GetParametersByPath", self.backend.arn(Path))
        prefix = Path if Path.endswith("/") else Path + "/"
        matches = []
        for parameter in self.backend.all():
            if not parameter.name.startswith(prefix):
                continue
            if not Recursive and "/" in parameter.name[len(prefix) :]:
                continue
            matches.append(parameter)
        start = _token(NextToken)
        page = matches[start : start + limit]
        out = [parameter_shape(p, p.latest, self._value(p, p.latest, WithDecryption), None) for p in page]
        response: dict[str, Any] = {"Parameters": out}
        if start + limit < len(matches):
            response["NextToken"] = str(start + limit)
        return response

    @operation("GetParameterHistory")
    def get_parameter_history(
        self,
        *,
        Name: str,
        WithDecryption: bool = False,
        MaxResults: int | None = None,
        NextToken: str | None = None,
    ) -> dict[str, Any]:
        name = self._plain_name(Name)
        self._authorize("GetParameterHistory", self.backend.arn(name))
        parameter = self.backend.get(name)
        limit = _page_size(MaxResults, 50)
        versions = [parameter.versions[n] for n in sorted(parameter.versions)]
        start = _token(NextToken)
        page = versions[start : start + limit]
        out = [history_shape(parameter, v, self._value(parameter, v, WithDecryption)) for v in page]
        response: dict[str, Any] = {"Parameters": out}
        if start + limit < len(versions):
            response["NextToken"] = str(start + limit)
        return response

    @operation("LabelParameterVersion")
    def label_parameter_version(
        self, *, Name: str, Labels: list[str], ParameterVersion: int | None = None
    ) -> dict[str, Any]:
        """Labels that break the label rules come back in ``InvalidLabels`` (not an error)."""
        name = self._plain_name(Name)
        self._authorize("LabelParameterVersion", self.backend.arn(name))
        if not 1 <= len(Labels) <= MAX_LABELS_PER_VERSION:
            raise ValidationException(
                f"Labels must contain 1 to {MAX_LABELS_PER_VERSION} labels."
            )
        parameter = self.backend.get(name)
        if ParameterVersion is None:
            version = parameter.latest
        else:
            found = parameter.versions.get(ParameterVersion)
            if found is None:
                raise ParameterVersionNotFound(
                    f"Systems Manager could not find version {ParameterVersion} of {name}. Verify the version "
                    "and try again.",
                )
            version = found
        invalid = [label for label in Labels if not check_label(label)]
        valid = [label for label in Labels if check_label(label)]
        self.backend.label(parameter, version, valid)
        return {"InvalidLabels": invalid, "ParameterVersion": version.version}

    @operation("DescribeParameters")
    def describe_parameters(
        self, *, MaxResults: int | None = None, NextToken: str | None = None
    ) -> dict[str, Any]:
        """Metadata of every parameter (no values); 50 per page. Filters are not simulated: passing
        ``Filters``/``ParameterFilters`` raises UnsupportedParameterError."""
        self._authorize("DescribeParameters", "*")
        limit = _page_size(MaxResults, 50)
        parameters = self.backend.all()
        start = _token(NextToken)
        response: dict[str, Any] = {
            "Parameters": [metadata_shape(p) for p in parameters[start : start + limit]]
        }
        if start + limit < len(parameters):
            response["NextToken"] = str(start + limit)
        return response

    @operation("DeleteParameter")
    def delete_parameter(self, *, Name: str) -> dict[str, Any]:
        name = self._plain_name(Name)
        self._authorize("DeleteParameter", self.backend.arn(name))
        self.backend.delete(name)
        return {}


def _page_size(max_results: int | None, maximum: int) -> int:
    if max_results is None:
        return maximum
    if not 1 <= max_results <= maximum:
        raise ValidationException(
            f"1 validation error detected: Value '{max_results}' at 'maxResults' failed to satisfy constraint: "
            f"Member must have value less than or equal to {maximum}",
        )
    return max_results


def _token(next_token: str | None) -> int:
    if next_token is None:
        return 0
    if not next_token.isdigit():
        raise InvalidNextToken("The specified token isn't valid.")
    return int(next_token)


def _backend(cloud: Cloud, account: str, region: str) -> SsmBackend:
    return SsmBackend(cloud, account, region)


SSM: ServiceSpec[SsmBackend] = register_service(ServiceSpec("ssm", _backend, SsmClient))
