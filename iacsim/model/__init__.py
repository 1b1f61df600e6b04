"""The account model: typed, immutable AWS objects built from loader resources.

Public API::

    from iacsim.model import build_world, world_to_json, World
    world = build_world(load_result.resources)
    key = world.account("111122223333").region("us-east-1").keys[0]
    world.find_key(param.key, account=param.account, region=param.region)

See ``docs/model-schema.md`` for the JSON form and ``docs/architecture.md`` for where the model sits.
"""

from iacsim.model.base import ModelDiagnostic, ModelObject, Policy, Unmodelled
from iacsim.model.build import build_world
from iacsim.model.ec2 import (
    Ami,
    BlockDevice,
    CreateVolumePermission,
    DistributionTarget,
    EbsDefaultKmsKey,
    EbsEncryptionByDefault,
    EbsSnapshot,
    EbsVolume,
    ImageDistribution,
    Instance,
    LaunchConfiguration,
    LaunchPermission,
    LaunchTemplate,
)
from iacsim.model.effective import (
    IdentityPolicy,
    effective_key_policy,
    identity_policies,
    permissions_boundary,
)
from iacsim.model.iam import (
    GroupMembership,
    IamGroup,
    IamPolicy,
    IamRole,
    IamUser,
    InlinePolicy,
    InstanceProfile,
    PolicyAttachment,
)
from iacsim.model.ids import (
    GLOBAL_REGION,
    UNKNOWN_ACCOUNT,
    UNKNOWN_REGION,
    AccountId,
    Address,
    Arn,
    KeyId,
    Ref,
    Region,
)
from iacsim.model.kms import GrantConstraints, ImportedMaterial, KeyPolicy, KmsAlias, KmsGrant, KmsKey
from iacsim.model.refs import model_value_resolver, substitute_unknowns
from iacsim.model.registry import DuplicateTranslatorError, registered_types, translates
from iacsim.model.s3 import (
    BucketEncryption,
    BucketPolicy,
    BucketVersioning,
    ReplicationConfiguration,
    ReplicationDestination,
    ReplicationRule,
    S3Bucket,
)
from iacsim.model.ssm import SsmParameter, ValueShape
from iacsim.model.to_json import SCHEMA_VERSION, to_json_value, world_to_json
from iacsim.model.world import Account, AccountRegion, World
from iacsim.policy.kms_rules import default_key_policy  # the one definition, shared with iacsim.sim

__all__ = [
    "GLOBAL_REGION",
    "SCHEMA_VERSION",
    "UNKNOWN_ACCOUNT",
    "UNKNOWN_REGION",
    "Account",
    "AccountId",
    "AccountRegion",
    "Address",
    "Ami",
    "Arn",
    "BlockDevice",
    "BucketEncryption",
    "BucketPolicy",
    "BucketVersioning",
    "CreateVolumePermission",
    "DistributionTarget",
    "DuplicateTranslatorError",
    "EbsDefaultKmsKey",
    "EbsEncryptionByDefault",
    "EbsSnapshot",
    "EbsVolume",
    "GrantConstraints",
    "GroupMembership",
    "IamGroup",
    "IamPolicy",
    "IamRole",
    "IamUser",
    "IdentityPolicy",
    "ImageDistribution",
    "ImportedMaterial",
    "InlinePolicy",
    "Instance",
    "InstanceProfile",
    "KeyId",
    "KeyPolicy",
    "KmsAlias",
    "KmsGrant",
    "KmsKey",
    "LaunchConfiguration",
    "LaunchPermission",
    "LaunchTemplate",
    "ModelDiagnostic",
    "ModelObject",
    "Policy",
    "PolicyAttachment",
    "Ref",
    "Region",
    "ReplicationConfiguration",
    "ReplicationDestination",
    "ReplicationRule",
    "S3Bucket",
    "SsmParameter",
    "Unmodelled",
    "ValueShape",
    "World",
    "build_world",
    "default_key_policy",
    "effective_key_policy",
    "identity_policies",
    "model_value_resolver",
    "permissions_boundary",
    "registered_types",
    "substitute_unknowns",
    "to_json_value",
    "translates",
    "world_to_json",
]
