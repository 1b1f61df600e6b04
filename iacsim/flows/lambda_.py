"""``service-encryption`` for Lambda: environment variables encrypted with a customer managed key.

Replay per function with ``kms_key_arn``/``KmsKeyArn`` and environment variables:

1. CreateFunction as the deployer (:mod:`iacsim.flows.deployer`; the account root stands in when it is
   not known, and the step says so), with placeholder values for the variables the code names. Lambda uses the deployer's
   permissions to create a grant on the key for the function and to encrypt the variables
   (``kms:CreateGrant``, ``kms:Encrypt`` via ``lambda.<region>.amazonaws.com``).
2. Invoke: the function's initialization, where Lambda decrypts the variables as the execution role.

Source: "Securing Lambda environment variables",
https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html; Invoke errors
(KMSAccessDeniedException, KMSDisabledException…), https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import partial

from iacsim.findings import FlowResult, FlowStep
from iacsim.flows.base import Flow, FlowContext, FlowFailure, FlowOutcome
from iacsim.flows.clients import LambdaClient, client
from iacsim.flows.deployer import act_as_deployer
from iacsim.flows.keys import key_arn_for
from iacsim.flows.seed import SeededCloud
from iacsim.flows.steps import call_step, verdict
from iacsim.flows.unknown import unknown
from iacsim.model.lambda_ import LambdaFunction
from iacsim.rules._service_keys import key_ref_form
from iacsim.rules.base import fix_for
from iacsim.rules.lambda_.flow import FunctionEnvironmentUndecryptable
from iacsim.rules.secretsmanager._keys import key_problem

PLACEHOLDER = "iacsim-simulated-value"
_CREATE = "lambda:CreateFunction (KMSKeyArn)"


def _static_problem(ctx: FlowContext, fn: LambdaFunction) -> str | None:
    form = key_ref_form(fn.key)
    if form in ("key-id", "alias-name"):
        return f"kms_key_arn is a {form.replace('-', ' ')}, not an ARN"
    return (key_problem(ctx.world, fn.key, fn.account, fn.region, fn.address, fn.region_assumed)
            if fn.key is not None else None)


class LambdaEnvironmentFlow(Flow):
    kind = "service-encryption"

    def run(self, ctx: FlowContext) -> Iterator[FlowOutcome]:
        functions = [f for f in ctx.world.of_type(LambdaFunction)
                     if f.key is not None and not (isinstance(f.environment, tuple) and not f.environment)]
        if not functions:
            return
        seeded = ctx.new_cloud()
        for fn in functions:
            yield self._function(ctx, seeded, fn)

    def _function(self, ctx: FlowContext, seeded: SeededCloud, fn: LambdaFunction) -> FlowOutcome:
        planned = seeded.values.get(fn.address) or fn.seed_values()
        name = planned["name"]
        title = f"Lambda {fn.address} ({name}) environment"
        acting = act_as_deployer(ctx, seeded, fn)
        deployer = acting.arn
        if fn.placement_unknown:
            return unknown(self.kind, title, deployer, _CREATE, fn.address, f"placement unknown: {fn.placement_unknown}")
        role_model = ctx.world.find_role(fn.role, account=fn.account)
        role = seeded.resolve(fn.role)
        if role_model is None or not isinstance(role, str):
            return unknown(self.kind, title, deployer, _CREATE, fn.address, "the execution role is not in the scan, so its "
                                                              "permissions are not known")
        if role_model.address in seeded.unknown or role_model.address in seeded.failed:
            why = seeded.unknown.get(role_model.address) or seeded.failed[role_model.address]
            return unknown(self.kind, title, deployer, _CREATE, fn.address, f"{role_model.address}: {why}")
        static = _static_problem(ctx, fn)
        if static is not None:
            # Already an apply-time finding (LAMBDA001): replaying it would only repeat it as a broken flow.
            return FlowOutcome(FlowResult(self.kind, title, "fail", (FlowStep(
                deployer, "lambda:CreateFunction (KMSKeyArn)", fn.address, "error",
                f"{static}: CreateFunction fails (an apply-time error; see LAMBDA001)"),)))
        key, why = key_arn_for(ctx.world, seeded, fn.key, fn.account, fn.region, fn.address)
        if key is None:
            return unknown(self.kind, title, deployer, _CREATE, fn.address, why)
        if isinstance(fn.environment, tuple):
            variables = {v.name: PLACEHOLDER for v in fn.environment}
            assumed = ""
        else:
            variables = {"IACSIM_PLACEHOLDER": PLACEHOLDER}
            assumed = " (the variables are not known statically: one placeholder stands for them)"
        lam = client(seeded.cloud, LambdaClient, region=fn.region, account=fn.account)
        runtime = fn.runtime if isinstance(fn.runtime, str) and fn.runtime else "provided.al2023"
        create, _ = acting.create(
            "lambda:CreateFunction (KMSKeyArn)", planned["arn"], lambda who: partial(
                client(seeded.cloud, LambdaClient, region=fn.region, principal=who).create_function,
                FunctionName=name, Role=role, Runtime=runtime, Environment={"Variables": variables}, KMSKeyArn=key),
            f"created by the deployer; Lambda created a grant on {key} for {role} "
            f"and encrypted {len(variables)} variable(s) with it{assumed}")
        steps = [create]
        failures: list[FlowFailure] = []
        if create.decision in ("denied", "error"):
            failures.append(FlowFailure(
                FunctionEnvironmentUndecryptable, fn,
                f"Lambda cannot set up {key} for the environment of {name}: {create.reason}",
                fix=fix_for(fn, f"let the deploying principal use {key} (kms:CreateGrant, kms:Encrypt, kms:Decrypt) "
                                "in the key policy, or omit kms_key_arn",
                            f"let the deploying principal use {key} (kms:CreateGrant, kms:Encrypt, kms:Decrypt) in "
                            "the KeyPolicy, or omit KmsKeyArn")))
            return FlowOutcome(FlowResult(self.kind, title, verdict(steps), tuple(steps)), tuple(failures))
        init, _ = call_step(
            role, "lambda:Invoke (initialization: kms:Decrypt)", planned["arn"],
            partial(lam.invoke, FunctionName=name),
            f"initialized: Lambda decrypted the environment as the execution role via lambda.{fn.region}.amazonaws.com")
        # the role's decrypt needs the function to exist, not to have been created by a principal the scan knows
        steps.append(replace(init, after=()) if create.decision == "unknown" else init)
        if init.decision != "allowed":
            failures.append(FlowFailure(
                FunctionEnvironmentUndecryptable, fn,
                f"{name} fails to initialize: {init.reason}",
                fix=f"keep {key} enabled and do not deny kms:Decrypt to {role} (IAM or key policy)"))
        return FlowOutcome(FlowResult(self.kind, title, verdict(steps), tuple(steps)), tuple(failures))
