"""The simulated Amazon ECS client (boto3 ``ecs``): task definitions and the secret retrieval of RunTask.

Operations: RegisterTaskDefinition, DescribeTaskDefinition, RunTask, DescribeTasks; plus
:meth:`EcsClient.task_steps` (not boto3) returning what the ECS agent did to start a task.
Sources: "Pass sensitive data to an Amazon ECS container"
(https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html),
"Pass Systems Manager parameters as environment variables" (secrets-envvar-ssm-paramstore.html) and
"Pass Secrets Manager secrets as environment variables" (secrets-envvar-secrets-manager.html): before
the containers start, the agent fetches every ``secrets[].valueFrom`` **as the task execution role**
— ``ssm:GetParameters`` (with decryption: ``kms:Decrypt`` on a customer managed key) or
``secretsmanager:GetSecretValue`` (+ ``kms:Decrypt``) — in the parameter's or secret's Region; a
parameter in the same Region may be named by name, otherwise by full ARN. Any failure stops the task
with ``ResourceInitializationError: unable to pull secrets or registry auth…`` (troubleshooting page
"Troubleshoot Amazon ECS ResourceInitializationError errors"). No container runs here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Final, Literal

from iacsim.aws.arn import Arn
from iacsim.sim.authz import require
from iacsim.sim.client import BaseClient, operation
from iacsim.sim.cloud import ServiceSpec, register_service
from iacsim.sim.ecs.errors import ClientException
from iacsim.sim.errors import ClientError, Undecidable

if TYPE_CHECKING:
    from iacsim.sim.cloud import Cloud

PREFIX: Final = "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed"


@dataclass(frozen=True)
class SecretFetch:
    """One secret the agent fetched (or failed to) while starting a task."""

    principal: str
    action: str
    resource: str
    decision: Literal["allowed", "denied", "error", "unknown"]
    """``unknown`` when the simulator cannot say (a parameter shared from another account)."""
    reason: str


@dataclass
class TaskDefinitionRecord:
    family: str
    revision: int
    arn: str
    containers: list[dict[str, Any]]
    execution_role: str | None
    task_role: str | None


@dataclass
class TaskRecord:
    arn: str
    definition: str
    last_status: str
    stopped_reason: str | None
    steps: list[SecretFetch] = field(default_factory=list)


class EcsBackend:
    def __init__(self, cloud: Cloud, account: str, region: str) -> None:
        self.cloud = cloud
        self.account = account
        self.region = region
        self.definitions: dict[str, TaskDefinitionRecord] = {}
        self.tasks: dict[str, TaskRecord] = {}

    def latest(self, family: str) -> TaskDefinitionRecord | None:
        revisions = [d for d in self.definitions.values() if d.family == family]
        return max(revisions, key=lambda d: d.revision) if revisions else None

    def resolve(self, reference: str) -> TaskDefinitionRecord:
        found = self.definitions.get(reference)
        if found is None and ":task-definition/" not in reference and ":" not in reference:
            found = self.latest(reference)
        if found is None:
            family_rev = reference.rsplit("task-definition/", 1)[-1]
            found = self.definitions.get(family_rev)
        if found is None:
            raise ClientException("Unable to describe task definition.")
        return found


class EcsClient(BaseClient):
    service_name = "ecs"

    @property
    def backend(self) -> EcsBackend:
        return self.cloud.backend(ECS, self.account, self.region)

    @operation("RegisterTaskDefinition", record=("family", "executionRoleArn", "taskRoleArn"))
    def register_task_definition(self, *, family: str, containerDefinitions: list[dict[str, Any]],
                                 executionRoleArn: str | None = None, taskRoleArn: str | None = None,
                                 networkMode: str | None = None, requiresCompatibilities: list[str] | None = None,
                                 cpu: str | None = None, memory: str | None = None) -> dict[str, Any]:
        backend = self.backend
        revision = (backend.latest(family).revision if backend.latest(family) else 0) + 1  # type: ignore[union-attr]
        arn = str(Arn(self.cloud.partition, "ecs", self.region, self.account, f"task-definition/{family}:{revision}"))
        require(self.cloud, self.caller, "ecs:RegisterTaskDefinition", "*", resource_account=self.account,
                region=self.region)
        for role in (executionRoleArn, taskRoleArn):
            if role is not None:
                require(self.cloud, self.caller, "iam:PassRole", role, resource_account=self.account)
        uses_secrets = any(c.get("secrets") for c in containerDefinitions)
        if uses_secrets and executionRoleArn is None:
            # The agent fetches secrets as the execution role: without one there is nothing to fetch them with.
            raise ClientException("When you are specifying container secrets, you must also specify a "
                                  "value for 'executionRoleArn'.")
        record = TaskDefinitionRecord(family, revision, arn, [dict(c) for c in containerDefinitions], executionRoleArn,
                                      taskRoleArn)
        backend.definitions[f"{family}:{revision}"] = record
        backend.definitions[arn] = record
        return {"taskDefinition": {"taskDefinitionArn": arn, "family": family, "revision": revision,
                                   "containerDefinitions": record.containers, "status": "ACTIVE",
                                   **({"executionRoleArn": executionRoleArn} if executionRoleArn else {}),
                                   **({"taskRoleArn": taskRoleArn} if taskRoleArn else {})}}

    @operation("DescribeTaskDefinition", record=("taskDefinition",))
    def describe_task_definition(self, *, taskDefinition: str) -> dict[str, Any]:
        record = self.backend.resolve(taskDefinition)
        return {"taskDefinition": {"taskDefinitionArn": record.arn, "family": record.family,
                                   "revision": record.revision, "containerDefinitions": record.containers}}

    # -- secret retrieval, as the ECS agent does it ---------------------------------------------
    def _fetch(self, role: str, value_from: str) -> SecretFetch:
        arn = Arn.parse(value_from)
        call: Callable[[], dict[str, Any]]
        if arn is not None and arn.service == "secretsmanager":
            # valueFrom may append ":json-key:version-stage:version-id" to the secret ARN.
            secret_arn = str(replace(arn, resource=":".join(arn.resource.split(":", 2)[:2])))
            asm = self.cloud.client("secretsmanager", region=arn.region, principal=role)
            action, source = "secretsmanager:GetSecretValue", "asm"

            def call() -> dict[str, Any]:
                out: dict[str, Any] = asm.get_secret_value(SecretId=secret_arn)
                return out
        elif arn is None or arn.service == "ssm":
            ssm = self.cloud.client("ssm", region=arn.region if arn is not None else self.region, principal=role)
            action, source = "ssm:GetParameters (WithDecryption)", "ssm"

            def call() -> dict[str, Any]:
                out: dict[str, Any] = ssm.get_parameters(Names=[value_from], WithDecryption=True)
                return out
        else:
            return SecretFetch(role, "fetch secret", value_from, "denied",
                               f"{PREFIX}: valueFrom is neither an SSM parameter nor a Secrets Manager secret")
        try:
            out = call()
        except NotImplementedError as exc:
            return SecretFetch(role, action, value_from, "unknown", f"not simulated: {exc}")
        except Undecidable as undecided:  # the execution role's permissions are not all known
            return SecretFetch(role, action, value_from, "unknown", undecided.reason)
        except ClientError as error:
            code, message = error.response["Error"]["Code"], error.response["Error"]["Message"]
            return SecretFetch(role, action, value_from, "denied" if "AccessDenied" in code else "error",
                             f"{PREFIX}: unable to retrieve secret{'s' if source == 'ssm' else ''} from {source}: "
                             f"service call has been retried 1 time(s): {code}: {message}")
        if source == "ssm" and out.get("InvalidParameters"):
            return SecretFetch(role, action, value_from, "error",
                             f"{PREFIX}: invalid ssm parameters: {', '.join(out['InvalidParameters'])}")
        return SecretFetch(role, action, value_from, "allowed",
                         f"fetched and decrypted as the task execution role via {source}")

    @operation("RunTask", record=("taskDefinition", "cluster", "count"))
    def run_task(self, *, taskDefinition: str, cluster: str | None = None, count: int = 1,
                 launchType: str | None = None, networkConfiguration: dict[str, Any] | None = None) -> dict[str, Any]:
        backend = self.backend
        record = backend.resolve(taskDefinition)
        require(self.cloud, self.caller, "ecs:RunTask", record.arn, resource_account=self.account, region=self.region)
        steps: list[SecretFetch] = []
        for container in record.containers:
            for secret in container.get("secrets") or []:
                if record.execution_role is None:
                    steps.append(SecretFetch("ecs-agent", "fetch secret", str(secret.get("valueFrom")), "denied",
                                           f"{PREFIX}: the task definition has no execution role"))
                    continue
                steps.append(self._fetch(record.execution_role, str(secret.get("valueFrom"))))
        failed = next((s for s in steps if s.decision in ("denied", "error")), None)
        cluster_name = (cluster or "default").rsplit("/", 1)[-1]
        task_arn = str(Arn(self.cloud.partition, "ecs", self.region, self.account,
                           f"task/{cluster_name}/{self.cloud.ids.hex(32)}"))
        task = TaskRecord(task_arn, record.arn, "STOPPED" if failed else "RUNNING",
                          failed.reason if failed else None, steps)
        backend.tasks[task_arn] = task
        return {"tasks": [self._task_shape(task)], "failures": []}

    def _task_shape(self, task: TaskRecord) -> dict[str, Any]:
        shape: dict[str, Any] = {"taskArn": task.arn, "taskDefinitionArn": task.definition,
                                 "lastStatus": task.last_status, "desiredStatus": task.last_status}
        if task.stopped_reason is not None:
            shape["stopCode"] = "TaskFailedToStart"
            shape["stoppedReason"] = task.stopped_reason
        return shape

    @operation("DescribeTasks", record=("tasks", "cluster"))
    def describe_tasks(self, *, tasks: list[str], cluster: str | None = None) -> dict[str, Any]:
        found = [self.backend.tasks[t] for t in tasks if t in self.backend.tasks]
        return {"tasks": [self._task_shape(t) for t in found],
                "failures": [{"arn": t, "reason": "MISSING"} for t in tasks if t not in self.backend.tasks]}

    def task_steps(self, *, taskArn: str) -> tuple[SecretFetch, ...]:
        """Not boto3: what the agent did (one step per secret) while starting the task."""
        return tuple(self.backend.tasks[taskArn].steps)


def _backend(cloud: Cloud, account: str, region: str) -> EcsBackend:
    return EcsBackend(cloud, account, region)


ECS: ServiceSpec[EcsBackend] = register_service(ServiceSpec("ecs", _backend, EcsClient))
