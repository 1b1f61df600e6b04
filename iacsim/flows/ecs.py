"""``service-encryption`` for ECS: a task's container secrets fetched by the task execution role.

Replay per task definition with ``secrets[].valueFrom`` entries, on a fresh seeded cloud:

1. Create every SSM parameter (PutParameter) and Secrets Manager secret (CreateSecret, its resource
   policy) the task names, as the scan declares them, as the deployer (:mod:`iacsim.flows.deployer`). When
   the deployer is not known and a write is ``unknown``, the object is made anyway and the task start
   depends only on its registration (``after``): the execution role's fetch does not hang on who wrote.
2. RegisterTaskDefinition, then RunTask: the ECS agent fetches each secret as the *execution* role —
   ``ssm:GetParameters`` with decryption or ``secretsmanager:GetSecretValue`` — and the services call
   ``kms:Decrypt`` as that role. One trace step per secret.

Sources: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html,
.../secrets-envvar-ssm-paramstore.html, .../secrets-envvar-secrets-manager.html.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from typing import Any

from iacsim.aws.arn import Arn
from iacsim.findings import FlowResult, FlowStep
from iacsim.flows.base import Flow, FlowContext, FlowFailure, FlowOutcome
from iacsim.flows.clients import EcsClient, SsmClient, client
from iacsim.flows.deployer import act_as_deployer
from iacsim.flows.keys import key_arn_for
from iacsim.flows.secretsmanager import create_secret
from iacsim.flows.seed import SeededCloud
from iacsim.flows.steps import verdict
from iacsim.model.ecs import EcsTaskDefinition
from iacsim.model.ids import Ref
from iacsim.model.secretsmanager import Secret
from iacsim.model.ssm import SsmParameter
from iacsim.rules.base import fix_for
from iacsim.rules.ecs.flow import ExecutionRoleCannotFetchSecret

PLACEHOLDER = "iacsim-simulated-value"
IMAGE = "public.ecr.aws/iacsim/placeholder:latest"


class EcsTaskSecretsFlow(Flow):
    kind = "service-encryption"

    def run(self, ctx: FlowContext) -> Iterator[FlowOutcome]:
        for td in ctx.world.of_type(EcsTaskDefinition):
            if not isinstance(td.containers, tuple) or not any(c.secrets for c in td.containers):
                continue
            if td.execution_role is None:
                continue  # ECS refuses to register it (ECS001): there is no start to replay
            yield _Replay(ctx, td, self.kind).run()


class _Replay:
    """One task definition's replay: the objects it needs, then RunTask."""

    def __init__(self, ctx: FlowContext, td: EcsTaskDefinition, kind: str) -> None:
        self.ctx, self.td, self.kind = ctx, td, kind
        self.seeded: SeededCloud = ctx.new_cloud()
        self.acting = act_as_deployer(ctx, self.seeded, td)
        self.deployer = self.acting.arn
        self.made_anyway = False
        """A parameter or secret the task names was made outside the replay because the deployer's write was
        ``unknown``: the task start depends on its registration, not on who wrote them."""
        self.steps: list[FlowStep] = []
        self.later: list[FlowStep] = []
        """Steps the task start does not depend on (a secret's replicas in other Regions), listed last."""
        self.created: dict[str, str | None] = {}
        """Model address → why it could not be created (None when it was)."""

    def _outcome(self, failures: tuple[FlowFailure, ...] = ()) -> FlowOutcome:
        family = self.td.family if isinstance(self.td.family, str) else "generated family"
        title = f"ECS {self.td.address} ({family}) task start"
        steps = [*self.steps, *self.later]
        return FlowOutcome(FlowResult(self.kind, title, verdict(steps), tuple(steps)), failures)

    def _unknown(self, action: str, resource: str, why: str) -> None:
        self.steps.append(FlowStep(self.deployer, action, resource, "unknown", why))

    def run(self) -> FlowOutcome:
        td = self.td
        if td.placement_unknown:
            self._unknown("ecs:RegisterTaskDefinition", td.address, f"placement unknown: {td.placement_unknown}")
            return self._outcome()
        role_model = self.ctx.world.find_role(td.execution_role, account=td.account)
        role = self.seeded.resolve(td.execution_role)
        if role_model is None or not isinstance(role, str):
            self._unknown("ecs:RegisterTaskDefinition", td.address,
                          "the execution role is not in the scan, so its permissions are not known")
            return self._outcome()
        if role_model.address in self.seeded.unknown or role_model.address in self.seeded.failed:
            why = self.seeded.unknown.get(role_model.address) or self.seeded.failed[role_model.address]
            self._unknown("ecs:RegisterTaskDefinition", td.address, f"{role_model.address}: {why}")
            return self._outcome()
        containers: list[dict[str, Any]] = []
        names: dict[str, str] = {}
        assert isinstance(td.containers, tuple)
        for c in td.containers:
            cname = c.name if isinstance(c.name, str) else "container"
            secrets = []
            for s in c.secrets:
                value_from = self.seeded.resolve(s.value_from)
                var = s.name if isinstance(s.name, str) else "?"
                if not isinstance(value_from, str):
                    self._unknown("fetch secret", f"{cname}/{var}", "valueFrom is not known statically")
                    continue
                if self._prepare(s.value_from, value_from):
                    secrets.append({"name": var, "valueFrom": value_from})
                    names[value_from] = f"{cname}/{var}"
            containers.append({"name": cname, "image": IMAGE, "secrets": secrets})
        ecs = client(self.seeded.cloud, EcsClient, region=td.region, account=td.account)
        family = td.family if isinstance(td.family, str) else "iacsim-task"
        register, _ = self.acting.call("ecs:RegisterTaskDefinition", family, lambda who: partial(
            client(self.seeded.cloud, EcsClient, region=td.region, principal=who).register_task_definition,
            family=family, containerDefinitions=containers, executionRoleArn=role), "registered by the deployer")
        if self.made_anyway:
            register = replace(register, after=())
        self.steps.append(register)
        if register.decision != "allowed":
            return self._outcome()
        registered = len(self.steps) - 1
        run, out = self.acting.call("ecs:RunTask", family, lambda who: partial(
            client(self.seeded.cloud, EcsClient, region=td.region, principal=who).run_task, taskDefinition=family),
            "task started: the agent fetched every secret as the execution role")
        if self.made_anyway:
            run = replace(run, after=(registered,))
        failures: list[FlowFailure] = []
        if out is not None:
            task = out["tasks"][0]
            if task["lastStatus"] == "STOPPED":
                run = replace(run, decision="error",
                              reason=f"task stopped before its containers started: {task['stoppedReason']}")
            self.steps.append(run)
            started = len(self.steps) - 1
            for fetch in ecs.task_steps(taskArn=task["taskArn"]):
                self.steps.append(FlowStep(fetch.principal, fetch.action, fetch.resource, fetch.decision,
                                           fetch.reason, run.events, after=(started,) if self.made_anyway else None))
                if fetch.decision in ("denied", "error"):
                    where = names.get(fetch.resource, fetch.resource)
                    failures.append(FlowFailure(
                        ExecutionRoleCannotFetchSecret, td,
                        f"the execution role {role} cannot fetch {where} (valueFrom {fetch.resource}): {fetch.reason}",
                        fix=fix_for(td, f"allow {fetch.action.split(' ')[0]} on {fetch.resource} and kms:Decrypt on "
                                        "its key for the execution role (execution_role_arn), not the task role",
                                    f"allow {fetch.action.split(' ')[0]} on {fetch.resource} and kms:Decrypt on its "
                                    "key for the ExecutionRoleArn role, not the task role")))
        else:
            self.steps.append(run)
        return self._outcome(tuple(failures))

    # -- the parameters and secrets the task names --------------------------------------------
    def _secret_named(self, ref: Ref, value_from: str) -> Secret | None:
        """The secret a valueFrom names: by address (``!Ref Secret``), by ARN, or by the ARN seeding gave it."""
        world = self.ctx.world
        arn = ":".join(value_from.split(":")[:7])
        found = world.find_service(Secret, ref) or world.find_service(Secret, arn)
        if found is None:
            found = next((s for s in world.of_type(Secret)
                          if self.seeded.values.get(s.address, {}).get("arn") == arn), None)
        return found

    def _prepare(self, ref: Ref, value_from: str) -> bool:
        """Create the parameter or secret ``value_from`` names; False (with an unknown step) when impossible."""
        td, world = self.td, self.ctx.world
        arn = Arn.parse(value_from)
        if arn is not None and arn.service == "secretsmanager" and ":" in arn.resource:
            secret = self._secret_named(ref, value_from)
            if secret is None:
                self._unknown("fetch secret", value_from, "the secret is not in the scan")
                return False
            if secret.address not in self.created:
                made = create_secret(self.ctx, self.seeded, secret)
                self.made_anyway = self.made_anyway or made.made_anyway
                self.steps.extend(made.steps)
                self.later.extend(made.replicas)
                self.created[secret.address] = None if made.arn is not None else "it could not be created"
            why = self.created[secret.address]
            if why is not None:
                self._unknown("fetch secret", value_from, f"{secret.address}: {why}")
                return False
            return True
        param = world.find_parameter(value_from, account=td.account, region=td.region)
        if param is None:
            self._unknown("fetch secret", value_from, "the parameter is not in the scan")
            return False
        if param.address not in self.created:
            self.created[param.address] = self._put_parameter(param)
        why = self.created[param.address]
        if why is not None:
            self._unknown("fetch secret", value_from, f"{param.address}: {why}")
            return False
        return True

    def _put_parameter(self, p: SsmParameter) -> str | None:
        if not isinstance(p.name, str) or not isinstance(p.type, str):
            return "the parameter name or type is not known statically"
        args: dict[str, Any] = {"Name": p.name, "Value": PLACEHOLDER, "Type": p.type, "Overwrite": True}
        if p.type == "SecureString" and p.key is not None:
            key, why = key_arn_for(self.ctx.world, self.seeded, p.key, p.account, p.region, p.address)
            if key is None:
                return why
            args["KeyId"] = key
        if isinstance(p.tier, str):
            args["Tier"] = p.tier
        step, made = self.acting.create("ssm:PutParameter", p.name, lambda who: partial(
            client(self.seeded.cloud, SsmClient, region=p.region, principal=who).put_parameter, **args),
            "written by the deployer with a placeholder value")
        self.steps.append(step)
        if step.decision == "unknown" and made is not None:
            self.made_anyway = True
            return None
        return None if step.decision == "allowed" else "it cannot be written (see SSM102)"
