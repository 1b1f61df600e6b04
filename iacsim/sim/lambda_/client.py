"""The simulated AWS Lambda client (boto3 ``lambda``): functions, their encrypted environment, initialization.

Operations: CreateFunction, GetFunctionConfiguration, Invoke (initialization only: no code runs).
Sources: "Securing Lambda environment variables"
(https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html): Lambda always
encrypts environment variables at rest; by default with the AWS managed key ``aws/lambda`` (no KMS
permission needed by anyone); with a customer managed key "Lambda uses your permissions to create a
grant on the key" — the deployer needs ``kms:CreateGrant`` and ``kms:Encrypt`` (and ``kms:Decrypt`` to
view the variables). When the key is disabled or the grant is missing, initialization fails with
KMSDisabledException / KMSAccessDeniedException ("Lambda was unable to decrypt the environment
variables …", Invoke API errors; Lambda troubleshooting guide).

Simulation choices (UNCONFIRMED details, stated so traces can say so): the grant's grantee is the
function's execution role, with operation Decrypt and the constraint
``EncryptionContextEquals {"aws:lambda:FunctionArn": <function ARN>}``; Lambda encrypts and decrypts
with that same context; at initialization it decrypts as the execution role via
``lambda.<region>.amazonaws.com``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from iacsim.aws.arn import Arn
from iacsim.sim.authz import require
from iacsim.sim.client import BaseClient, operation
from iacsim.sim.cloud import ServiceSpec, register_service
from iacsim.sim.errors import (
    AwsError,
    ClientError,
    CodedError,
    KMSAccessDeniedException,
    KMSDisabledException,
    KMSInvalidStateException,
    KMSNotFoundException,
    ResourceNotFoundException,
    ValidationException,
)
from iacsim.sim.kms.managed import aws_managed_key
from iacsim.sim.lambda_.errors import InvalidParameterValueException, ResourceConflictException
from iacsim.sim.principal import Caller, Principal

if TYPE_CHECKING:
    from iacsim.sim.cloud import Cloud

CONTEXT_KEY: Final = "aws:lambda:FunctionArn"
_INIT_ERRORS: Final[Mapping[str, tuple[type[CodedError], str]]] = {
    "AccessDeniedException": (KMSAccessDeniedException, "because KMS access was denied. Check the Lambda "
                                                         "function's KMS permissions."),
    "DisabledException": (KMSDisabledException, "because the KMS key used is disabled. Check the Lambda "
                                                "function's KMS key settings."),
    "KMSInvalidStateException": (KMSInvalidStateException, "because the KMS key used is in an invalid state for "
                                                           "Decrypt. Check the function's KMS key settings."),
    "NotFoundException": (KMSNotFoundException, "because the KMS key was not found. Check the function's KMS key "
                                                "settings."),
}


def encryption_context(function_arn: str) -> dict[str, str]:
    return {CONTEXT_KEY: function_arn}


@dataclass
class FunctionRecord:
    name: str
    arn: str
    role: str
    runtime: str | None
    key_arn: str | None
    """KMSKeyArn as given (None: aws/lambda)."""
    sealed_environment: bytes | None = field(default=None, repr=False)
    """KMS ciphertext of the variables (JSON); never the plaintext."""
    variable_names: tuple[str, ...] = ()
    grant_id: str | None = None


class LambdaBackend:
    def __init__(self, cloud: Cloud, account: str, region: str) -> None:
        self.cloud = cloud
        self.account = account
        self.region = region
        self.functions: dict[str, FunctionRecord] = {}

    def arn(self, name: str) -> str:
        return str(Arn.lambda_function(self.cloud.partition, self.region, self.account, name))

    def get(self, name_or_arn: str) -> FunctionRecord:
        name = name_or_arn.rsplit(":function:", 1)[-1].split(":", 1)[0]
        found = self.functions.get(name)
        if found is None:
            raise ResourceNotFoundException(f"Function not found: {self.arn(name)}", 404)
        return found


class LambdaClient(BaseClient):
    service_name = "lambda"

    @property
    def backend(self) -> LambdaBackend:
        return self.cloud.backend(LAMBDA, self.account, self.region)

    def _kms(self, caller: Caller) -> Any:
        return self.cloud.via("lambda", "kms", self.region, caller)

    def _check_role(self, role: str) -> None:
        try:
            principal = Principal.parse(role)
            self.cloud.backends("iam")[principal.account]["global"].identity(principal)
        except (ValueError, AwsError, KeyError):
            raise InvalidParameterValueException(
                "The role defined for the function cannot be assumed by Lambda.") from None

    def _seal(self, record: FunctionRecord, variables: dict[str, str]) -> None:
        """Encrypt the variables as Lambda does at create/update time, with the deployer's permissions."""
        record.variable_names = tuple(sorted(variables))
        if not variables:
            record.sealed_environment = None
            return
        kms = self._kms(self.caller)
        context = encryption_context(record.arn)
        key = record.key_arn or aws_managed_key(self.cloud, self.account, self.region, "lambda")
        if record.key_arn is not None:
            try:
                grant = kms.create_grant(KeyId=record.key_arn, GranteePrincipal=record.role, Operations=["Decrypt"],
                                         Constraints={"EncryptionContextEquals": context})
            except ClientError as error:
                raise InvalidParameterValueException(
                    "Lambda was unable to configure access to your environment variables because the KMS "
                    "key is invalid for CreateGrant. Please check your KMS key settings. KMS Exception: "
                    f"{error.response['Error']['Code']} KMS Message: {error.response['Error']['Message']}"
                ) from None
            record.grant_id = grant["GrantId"]
        try:
            blob = kms.encrypt(KeyId=key, Plaintext=json.dumps(variables).encode(), EncryptionContext=context)
        except ClientError as error:
            raise InvalidParameterValueException(
                "Lambda was unable to encrypt your environment variables. KMS Exception: "
                f"{error.response['Error']['Code']} KMS Message: {error.response['Error']['Message']}"
            ) from None
        record.sealed_environment = blob["CiphertextBlob"]

    def _open(self, record: FunctionRecord, caller: Caller) -> dict[str, str]:
        if record.sealed_environment is None:
            return {}
        out = self._kms(caller).decrypt(CiphertextBlob=record.sealed_environment,
                                        EncryptionContext=encryption_context(record.arn))
        variables: dict[str, str] = json.loads(out["Plaintext"])
        return variables

    def _configuration(self, record: FunctionRecord) -> dict[str, Any]:
        config: dict[str, Any] = {"FunctionName": record.name, "FunctionArn": record.arn, "Role": record.role,
                                  "State": "Active"}
        if record.runtime is not None:
            config["Runtime"] = record.runtime
        if record.key_arn is not None:
            config["KMSKeyArn"] = record.key_arn
        if record.sealed_environment is not None:
            try:
                config["Environment"] = {"Variables": self._open(record, self.caller)}
            except ClientError as error:
                # Lambda returns the configuration with an error in place of the variables (the caller
                # lacks kms:Decrypt): "Users without Decrypt permissions can still manage functions".
                config["Environment"] = {"Error": {"ErrorCode": error.response["Error"]["Code"],
                                                   "Message": error.response["Error"]["Message"]}}
        return config

    @operation("CreateFunction", record=("FunctionName", "Role", "Runtime", "KMSKeyArn"))
    def create_function(self, *, FunctionName: str, Role: str, Runtime: str | None = None, Handler: str | None = None,
                        Code: dict[str, Any] | None = None, Description: str | None = None, Timeout: int | None = None,
                        MemorySize: int | None = None, Environment: dict[str, Any] | None = None,
                        KMSKeyArn: str | None = None, PackageType: str | None = None,
                        Tags: dict[str, str] | None = None) -> dict[str, Any]:
        """CreateFunction (https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html)."""
        backend = self.backend
        arn = backend.arn(FunctionName)
        require(self.cloud, self.caller, "lambda:CreateFunction", arn, resource_account=self.account, region=self.region)
        require(self.cloud, self.caller, "iam:PassRole", Role, resource_account=self.account)
        if FunctionName in backend.functions:
            raise ResourceConflictException(f"Function already exist: {FunctionName}")
        if KMSKeyArn and not KMSKeyArn.startswith("arn:"):
            raise ValidationException("1 validation error detected: Value at 'kMSKeyArn' failed to "
                                      "satisfy constraint: Member must satisfy regular expression pattern: "
                                      "(arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()")
        self._check_role(Role)
        record = FunctionRecord(FunctionName, arn, Role, Runtime, KMSKeyArn or None)
        self._seal(record, dict((Environment or {}).get("Variables") or {}))
        backend.functions[FunctionName] = record
        return self._configuration(record)

    @operation("GetFunctionConfiguration", record=("FunctionName",))
    def get_function_configuration(self, *, FunctionName: str) -> dict[str, Any]:
        record = self.backend.get(FunctionName)
        require(self.cloud, self.caller, "lambda:GetFunctionConfiguration", record.arn, resource_account=self.account,
                region=self.region)
        return self._configuration(record)

    @operation("Invoke", record=("FunctionName", "InvocationType"))
    def invoke(self, *, FunctionName: str, InvocationType: str | None = None, Payload: bytes | str | None = None,
               Qualifier: str | None = None) -> dict[str, Any]:
        """Invoke: only the initialization is simulated — Lambda decrypts the environment as the execution role.

        A failure is the Invoke error AWS returns (KMSAccessDeniedException, KMSDisabledException…, HTTP 502).
        """
        record = self.backend.get(FunctionName)
        require(self.cloud, self.caller, "lambda:InvokeFunction", record.arn, resource_account=self.account,
                region=self.region)
        role = Caller(Principal.parse(record.role))
        try:
            variables = self._open(record, role)
        except ClientError as error:
            failure, why = _INIT_ERRORS.get(error.response["Error"]["Code"],
                                            (KMSAccessDeniedException, "because KMS access failed."))
            raise failure(f"Lambda was unable to decrypt the environment variables {why} KMS Exception: "
                          f"{error.response['Error']['Code']} KMS Message: {error.response['Error']['Message']}",
                          502) from None
        return {"StatusCode": 200, "ExecutedVersion": "$LATEST",
                "Payload": json.dumps({"initialized": True, "variables": len(variables)}).encode()}


def _backend(cloud: Cloud, account: str, region: str) -> LambdaBackend:
    return LambdaBackend(cloud, account, region)


LAMBDA: ServiceSpec[LambdaBackend] = register_service(ServiceSpec("lambda", _backend, LambdaClient))
