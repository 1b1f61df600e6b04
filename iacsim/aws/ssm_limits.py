"""Pure Parameter Store rules: names, labels, tiers and their size limits, parameter policies.

Nothing here touches simulated state; the simulated SSM client (``iacsim/sim/ssm/client.py``) turns
a returned :class:`Violation` into a ``ClientError`` with the same code and message.

Sources:
- PutParameter API reference (Name naming constraints, Value length, Tier, Policies, errors):
  https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html
- "Managing parameter tiers":
  https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html
- "Assigning parameter policies in Parameter Store":
  https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-policies.html
- "Working with parameter labels":
  https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-labels.html
- docs/aws-behaviour.md §10.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final, Literal

from iacsim.aws.violation import Violation

Tier = Literal["Standard", "Advanced"]
"""A parameter's effective tier (Intelligent-Tiering resolves to one of these)."""

PARAMETER_TYPES: Final = ("String", "StringList", "SecureString")
REQUESTED_TIERS: Final = ("Standard", "Advanced", "Intelligent-Tiering")
DATA_TYPES: Final = ("text", "aws:ec2:image")

STANDARD_MAX_VALUE_CHARS: Final = 4096
"""Standard tier: 4 KB. AWS counts characters (its error says "4096 characters")."""
ADVANCED_MAX_VALUE_CHARS: Final = 8192
"""Advanced tier: 8 KB."""
MAX_NAME_CHARS: Final = 1011
"""The fully qualified name (without the ARN prefix) may have at most 1011 characters."""
MAX_HIERARCHY_LEVELS: Final = 15
MAX_POLICIES: Final = 10
MAX_POLICIES_JSON_CHARS: Final = 4096
MAX_VERSIONS: Final = 100
MAX_LABELS_PER_VERSION: Final = 10
MAX_LABEL_CHARS: Final = 100
STANDARD_PARAMETERS_PER_REGION: Final = 10_000
"""Above this many Standard parameters, Intelligent-Tiering switches new writes to Advanced."""

_NAME_CHARS = re.compile(r"[a-zA-Z0-9_.\-/]+")
_LABEL_CHARS = re.compile(r"[a-zA-Z0-9_.\-]+")
_AMI_ID = re.compile(r"ami-[0-9a-f]{8}([0-9a-f]{9})?")

_PREFIX_MESSAGE: Final = (
    'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive). If formed as a path, it '
    "can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, "
    "numbers and the following 3 symbols .-_"
)


def check_parameter_name(name: str) -> Violation | None:
    """Return the violation of Parameter Store's naming constraints, if any.

    PutParameter "Naming Constraints": case-sensitive; only ``a-zA-Z0-9_.-`` plus ``/`` to delimit
    hierarchies; no spaces; not prefixed with ``aws`` or ``ssm`` (case-insensitive); hierarchies need a
    leading ``/``; at most fifteen levels (the user guide's structurally valid example has fourteen
    path levels plus the name, i.e. fifteen segments); at most 1011 characters.
    A name under the reserved ``/aws/`` path is refused with AccessDeniedException ("No access to
    reserved parameter name"), which is how AWS answers writes to e.g. ``/aws/service/...``.
    """
    if not name:
        return Violation("ValidationException", "Parameter name must not be empty.")
    if len(name) > MAX_NAME_CHARS:
        return Violation(
            "ValidationException",
            f"Parameter name is {len(name)} characters long; the maximum is {MAX_NAME_CHARS}.",
        )
    if " " in name:
        return Violation("ValidationException", "Parameter name: can't contain spaces.")
    if not _NAME_CHARS.fullmatch(name):
        return Violation(
            "ValidationException",
            "Parameter name can include only the following symbols and letters: a-zA-Z0-9_.-/",
        )
    if "/" in name and not name.startswith("/"):
        return Violation("ValidationException", "Parameter name must be a fully qualified name.")
    if name.endswith("/") or "//" in name:
        return Violation("ValidationException", "Parameter name must not contain empty path segments.")
    bare = name.lstrip("/").lower()
    if bare.startswith(("aws", "ssm")):
        if name.lower().startswith("/aws/"):
            return Violation("AccessDeniedException", f"No access to reserved parameter name: {name}.")
        return Violation("ValidationException", _PREFIX_MESSAGE)
    if len(name.strip("/").split("/")) > MAX_HIERARCHY_LEVELS:
        return Violation(
            "HierarchyLevelLimitExceededException",
            f"A hierarchy can have a maximum of {MAX_HIERARCHY_LEVELS} levels.",
        )
    return None


def parameter_arn(partition: str, region: str, account: str, name: str) -> str:
    """The parameter's ARN: the name without its leading slash after ``parameter/``.

    This is also the ``PARAMETER_ARN`` encryption context of SecureString parameters
    (KMS developer guide, "How AWS Systems Manager Parameter Store uses AWS KMS", encryption context).
    """
    return f"arn:{partition}:ssm:{region}:{account}:parameter/{name.lstrip('/')}"


def check_label(label: str) -> bool:
    """True if ``label`` is a valid parameter label ("Working with parameter labels").

    Labels: at most 100 characters; letters, numbers, periods, hyphens, underscores; cannot begin with
    a number, nor with ``aws`` or ``ssm`` (case-insensitive). Invalid labels are returned by
    LabelParameterVersion in ``InvalidLabels`` rather than raised.
    """
    if not label or len(label) > MAX_LABEL_CHARS or not _LABEL_CHARS.fullmatch(label):
        return False
    if label[0].isdigit():
        return False
    return not label.lower().startswith(("aws", "ssm"))


def check_value_type(value: str, param_type: str, data_type: str) -> Violation | None:
    """Type and data type checks that do not depend on the tier.

    ``DataType`` applies to String parameters only; ``aws:ec2:image`` values must be AMI ids
    (PutParameter ``DataType``). Other data types (``aws:ssm:integration``) are not simulated.
    """
    if param_type not in PARAMETER_TYPES:
        return Violation(
            "ValidationException",
            f"1 validation error detected: Value '{param_type}' at 'type' failed to satisfy constraint: "
            f"Member must satisfy enum value set: [{', '.join(PARAMETER_TYPES)}]",
        )
    if data_type not in DATA_TYPES:
        return Violation("ValidationException", f"The following data type is not supported: {data_type}")
    if data_type == "aws:ec2:image":
        if param_type != "String":
            return Violation(
                "ValidationException", "The aws:ec2:image data type applies to String parameters."
            )
        if not _AMI_ID.fullmatch(value):
            return Violation("ValidationException", "Parameter value is not a valid EC2 image id.")
    if not value:
        return Violation("ValidationException", "Parameter value must not be empty.")
    return None


def resolve_tier(
    requested: str,
    current: Tier | None,
    value: str,
    has_policies: bool,
    standard_count: int,
) -> Tier | Violation:
    """The tier a PutParameter lands in, or the violation that refuses it.

    "Managing parameter tiers": Standard holds values up to 4 KB and no policies; Advanced up to 8 KB
    with policies. Intelligent-Tiering chooses Advanced only when the value exceeds 4 KB, policies are
    attached, or the region already holds more than 10,000 Standard parameters; an Advanced parameter
    stays Advanced. A parameter can be upgraded Standard → Advanced but never downgraded.
    ``requested`` is the Tier argument, or ``""`` when it was omitted: then the parameter keeps its
    current tier (new parameters get Standard, the account's default tier).
    """
    if requested and requested not in REQUESTED_TIERS:
        return Violation(
            "ValidationException",
            f"1 validation error detected: Value '{requested}' at 'tier' failed to satisfy constraint: "
            f"Member must satisfy enum value set: [{', '.join(REQUESTED_TIERS)}]",
        )
    tier: Tier
    if requested == "Intelligent-Tiering":
        needs_advanced = (
            current == "Advanced"
            or len(value) > STANDARD_MAX_VALUE_CHARS
            or has_policies
            or (current is None and standard_count >= STANDARD_PARAMETERS_PER_REGION)
        )
        tier = "Advanced" if needs_advanced else "Standard"
    elif requested == "Advanced":
        tier = "Advanced"
    elif requested == "Standard":
        tier = "Standard"
    else:
        tier = current or "Standard"
    if current == "Advanced" and tier == "Standard":
        return Violation(
            "ValidationException",
            "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the "
            "advanced-parameter tier to the standard-parameter tier. If necessary, you can delete the "
            "advanced parameter and recreate it as a standard parameter.",
        )
    if tier == "Standard" and len(value) > STANDARD_MAX_VALUE_CHARS:
        return Violation(
            "ValidationException",
            "Standard tier parameters support a maximum parameter value of 4096 characters. To create a "
            "larger parameter value, upgrade the parameter to use the advanced-parameter tier.",
        )
    if len(value) > ADVANCED_MAX_VALUE_CHARS:
        return Violation(
            "ValidationException",
            "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have "
            f"length less than or equal to {ADVANCED_MAX_VALUE_CHARS}",
        )
    if tier == "Standard" and has_policies:
        # AWS documents policies as Advanced-only; the exact error code for a Standard parameter with
        # policies is not documented, ValidationException is the closest documented family.
        return Violation(
            "ValidationException",
            "Parameter policies are only supported for parameters in the advanced-parameter tier.",
        )
    return tier


@dataclass(frozen=True)
class ParameterPolicy:
    """One validated parameter policy."""

    policy_type: str
    """Expiration, ExpirationNotification or NoChangeNotification."""
    text: str
    """The policy's JSON text, as returned in ``Policies[].PolicyText``."""
    expires_at: datetime | None = None
    """For Expiration: when Parameter Store deletes the parameter (UTC)."""
    amount: int | None = None
    """For the notifications: ``Before`` / ``After``."""
    unit: str | None = None
    """For the notifications: ``Days`` or ``Hours``."""


_POLICY_TYPES: Final = ("Expiration", "ExpirationNotification", "NoChangeNotification")


def parse_timestamp(text: str) -> datetime | None:
    """Parse an Expiration ``Timestamp``: ISO_INSTANT or ISO_OFFSET_DATE_TIME (policies page)."""
    candidate = text[:-1] + "+00:00" if text.endswith("Z") else text
    try:
        parsed = datetime.fromisoformat(candidate)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return None
    return parsed.astimezone(UTC)


def parse_policies(policies_json: str) -> tuple[ParameterPolicy, ...] | Violation:
    """Validate the ``Policies`` argument of PutParameter ("Assigning parameter policies").

    A JSON array (at most 4096 characters) of at most 10 objects, each with ``Type``, ``Version``
    ("1.0") and ``Attributes``: Expiration needs ``Timestamp``; ExpirationNotification needs ``Before``
    and NoChangeNotification ``After`` (a positive integer, as a string) with ``Unit`` Days|Hours.
    Errors follow PutParameter's documented codes: InvalidPolicyTypeException,
    InvalidPolicyAttributeException, IncompatiblePolicyException (e.g. two Expiration policies),
    PoliciesLimitExceededException.
    """
    if len(policies_json) > MAX_POLICIES_JSON_CHARS:
        return Violation(
            "ValidationException",
            f"Policies must be at most {MAX_POLICIES_JSON_CHARS} characters of JSON.",
        )
    try:
        document: Any = json.loads(policies_json)
    except json.JSONDecodeError as error:
        return Violation("InvalidPolicyAttributeException", f"Policies is not valid JSON: {error.msg}.")
    if isinstance(document, dict):
        document = [document]
    if not isinstance(document, list):
        return Violation("InvalidPolicyAttributeException", "Policies must be a JSON array of policies.")
    if len(document) > MAX_POLICIES:
        return Violation(
            "PoliciesLimitExceededException",
            f"You specified {len(document)} policies; a parameter can have at most {MAX_POLICIES}.",
        )
    parsed: list[ParameterPolicy] = []
    for index, item in enumerate(document):
        result = _parse_one_policy(index, item)
        if isinstance(result, Violation):
            return result
        if any(existing.policy_type == result.policy_type for existing in parsed):
            return Violation(
                "IncompatiblePolicyException",
                f"There is a conflict in the policies specified for this parameter: more than one "
                f"{result.policy_type} policy.",
            )
        parsed.append(result)
    return tuple(parsed)


def _parse_one_policy(index: int, item: Any) -> ParameterPolicy | Violation:
    if not isinstance(item, dict):
        return Violation("InvalidPolicyAttributeException", f"Policy {index} is not a JSON object.")
    policy_type = item.get("Type")
    if policy_type not in _POLICY_TYPES:
        return Violation(
            "InvalidPolicyTypeException",
            f"Policy {index}: type {policy_type!r} is not supported. Parameter Store supports the "
            "following policy types: Expiration, ExpirationNotification, and NoChangeNotification.",
        )
    unknown = set(item) - {"Type", "Version", "Attributes"}
    if unknown:
        return Violation(
            "InvalidPolicyAttributeException", f"Policy {index}: unknown element(s) {sorted(unknown)}."
        )
    if item.get("Version") != "1.0":
        return Violation("InvalidPolicyAttributeException", f'Policy {index}: Version must be "1.0".')
    attributes = item.get("Attributes")
    if not isinstance(attributes, dict):
        return Violation("InvalidPolicyAttributeException", f"Policy {index}: Attributes must be an object.")
    text = json.dumps(item, separators=(",", ":"))
    if policy_type == "Expiration":
        if set(attributes) != {"Timestamp"} or not isinstance(attributes["Timestamp"], str):
            return Violation(
                "InvalidPolicyAttributeException",
                f"Policy {index}: Expiration takes exactly one attribute, Timestamp.",
            )
        expires_at = parse_timestamp(attributes["Timestamp"])
        if expires_at is None:
            return Violation(
                "InvalidPolicyAttributeException",
                f"Policy {index}: Timestamp {attributes['Timestamp']!r} is not an ISO_INSTANT or "
                "ISO_OFFSET_DATE_TIME date and time.",
            )
        return ParameterPolicy("Expiration", text, expires_at=expires_at)
    amount_name = "Before" if policy_type == "ExpirationNotification" else "After"
    if set(attributes) != {amount_name, "Unit"}:
        return Violation(
            "InvalidPolicyAttributeException",
            f"Policy {index}: {policy_type} takes the attributes {amount_name} and Unit.",
        )
    amount_text = attributes[amount_name]
    if not isinstance(amount_text, str) or not amount_text.isdigit() or int(amount_text) < 1:
        return Violation(
            "InvalidPolicyAttributeException",
            f"Policy {index}: {amount_name} must be a positive whole number written as a string.",
        )
    unit = attributes["Unit"]
    if unit not in ("Days", "Hours"):
        return Violation("InvalidPolicyAttributeException", f"Policy {index}: Unit must be Days or Hours.")
    return ParameterPolicy(policy_type, text, amount=int(amount_text), unit=unit)


def check_allowed_pattern(pattern: str, value: str) -> Violation | None:
    """``AllowedPattern``: the value must match the regular expression (the value is never echoed)."""
    try:
        compiled = re.compile(pattern)
    except re.error:
        return Violation(
            "InvalidAllowedPatternException", "The AllowedPattern is not a valid regular expression."
        )
    if compiled.search(value) is None:
        return Violation(
            "ParameterPatternMismatchException",
            f"Parameter value, cannot be validated against allowedPattern: {pattern}",
        )
    return None
