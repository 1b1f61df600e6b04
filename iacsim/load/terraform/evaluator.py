"""Evaluating one root module and the modules it calls, the way Terraform would plan it.

Evaluation is demand-driven: every declaration (variable, local, resource, data
source, module call, output, provider configuration) is a *node* whose value is
computed the first time something refers to it and then memoized. The hcl
evaluator calls the thunks we place in its root names (``local.x`` →
``scope.node("local.x")``), so dependencies are followed exactly as written, with
no separate dependency graph to keep in step. After the root is set up, every
node of every module instance is forced once, so unreferenced resources are
emitted too.

A node reached again while it is being computed is an evaluation cycle (locals
referring to each other, a module input depending on its own output): it is
reported once as an ``eval-cycle`` diagnostic and evaluates to
``Unknown("evaluation cycle: …")`` so evaluation always terminates. A module
whose source directory is already on the call chain (a module calling itself)
is reported the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iacsim.load import budget
from iacsim.load.hcl import EvalContext, Expr, Literal, ObjectExpr, TemplateExpr, evaluate
from iacsim.load.hcl.convert import PartialObject
from iacsim.load.hcl.references import references
from iacsim.load.limits import OUTSIDE_ROOT
from iacsim.load.resource import (
    EXPAND_IT,
    Diagnostic,
    ModuleArgument,
    ModuleCall,
    Resource,
    SourceLocation,
    Suppression,
)
from iacsim.load.terraform.addresses import InstanceKey, key_suffix, module_prefix, resource_address
from iacsim.load.terraform.body import (
    MODULE_META_ATTRS,
    RESOURCE_META_ATTRS,
    RESOURCE_META_BLOCKS,
    eval_body,
    force,
    json_blocks_as_lists,
)
from iacsim.load.terraform.computed import reference_view, synthesize
from iacsim.load.terraform.data import KMS_LOOKUPS, REPLAYED, resolve_data
from iacsim.load.terraform.missing import missing_inputs
from iacsim.load.terraform.module import Located, ModuleConfig
from iacsim.load.terraform.providers import ProviderConfig, provider_ref, tags_all, with_resource_region
from iacsim.load.terraform.remote import is_local_source
from iacsim.load.terraform.suppressions import suppressions_for
from iacsim.load.terraform.types import convert, parse_type
from iacsim.load.terraform.unread import repetition, unread_module
from iacsim.values import Unknown

if TYPE_CHECKING:
    from iacsim.load.terraform.run import RootRun

_EMPTY = EvalContext(variables={})

Thunk = Callable[[], Any]


def constant(value: Any) -> Thunk:
    return lambda: value


def deferred(expr: Expr, ctx: EvalContext, run: RootRun | None = None, file: str | None = None) -> Thunk:
    """A module input: the caller's expression, evaluated when the module first reads it.

    ``run`` and ``file`` (the caller's file) attribute an exceeded budget to the line written there.
    """
    def value() -> Any:
        result = force(evaluate(expr, ctx))
        if run is not None and file is not None:
            run.report_overruns(file)
        return result
    return value


def _variables_read(expr: Expr) -> tuple[str, ...]:
    """The ``var.NAME`` references of ``expr``, in source order."""
    return tuple(dict.fromkeys(str(t[1]) for t in references(expr) if len(t) > 1 and t[0] == "var"))


def _literal_string(expr: Expr) -> str | None:
    if isinstance(expr, Literal) and isinstance(expr.value, str):
        return expr.value
    if isinstance(expr, TemplateExpr) and len(expr.parts) == 1:
        return _literal_string(expr.parts[0])
    return None


class Scope:
    """One module instance: its configuration, inputs, provider configurations and memoized values."""

    def __init__(self, run: RootRun, config: ModuleConfig, prefix: str, key_path: str,
                 inputs: dict[str, Thunk], providers: dict[str, Callable[[], ProviderConfig]],
                 dir_chain: tuple[Path, ...], call: str | None, calls: tuple[ModuleCall, ...] = ()) -> None:
        self.run = run
        self.config = config
        self.prefix = prefix
        """Address prefix: ``""`` for the root, ``module.kms[0].`` for a child instance."""
        self.key_path = key_path
        """Module call path as ``modules.json`` keys it: ``kms.replica`` (no instance keys)."""
        self.inputs = inputs
        self.providers = providers
        """Provider configurations passed in by the caller (explicitly or inherited defaults)."""
        self.dir_chain = dir_chain
        self.call = call
        self.calls = calls
        """The ``module`` blocks this instance was created through, outermost first (findings name them)."""
        self.call_suppressions: tuple[Suppression, ...] = ()
        """``iacsim:ignore`` comments on those ``module`` blocks."""
        self._values: dict[str, Any] = {}
        self.ctx = EvalContext(variables=self._roots(), base_dir=run.root_dir, root_dir=run.scan_root)

    # ------------------------------------------------------------------ names

    def _thunk(self, key: str) -> Thunk:
        return lambda: self.node(key)

    def _roots(self) -> dict[str, Any]:
        c = self.config
        roots: dict[str, Any] = {}
        for (mode, type_, name) in c.resources:
            if mode == "managed":
                roots.setdefault(type_, {})[name] = self._thunk(f"managed.{type_}.{name}")
        data: dict[str, dict[str, Thunk]] = {}
        for (mode, type_, name) in c.resources:
            if mode == "data":
                data.setdefault(type_, {})[name] = self._thunk(f"data.{type_}.{name}")
        roots.update({
            "var": {n: self._thunk(f"var.{n}") for n in c.variables},
            "local": {n: self._thunk(f"local.{n}") for n in c.locals},
            "module": {n: self._thunk(f"module.{n}") for n in c.modules},
            "data": data,
            "path": {"module": self.run.path_module(c.dir), "root": ".", "cwd": str(self.run.root_dir)},
            "terraform": {"workspace": "default"},
        })
        return roots

    def all_keys(self) -> list[str]:
        c = self.config
        keys = [f"var.{n}" for n in c.variables] + [f"local.{n}" for n in c.locals]
        keys += [f"{mode}.{t}.{n}" for (mode, t, n) in c.resources]
        keys += [f"module.{n}" for n in c.modules] + [f"output.{n}" for n in c.outputs]
        return keys

    def force_all(self) -> None:
        for key in self.all_keys():
            self.node(key)

    # ------------------------------------------------------------------ nodes

    def node(self, key: str) -> Any:
        if key in self._values:
            return self._values[key]
        node_id = self.prefix + key
        stack = self.run.stack
        if node_id in stack:
            cycle = [*stack[stack.index(node_id):], node_id]
            path = " → ".join(cycle)
            file, line = self.location(key)
            self.run.report_cycle(frozenset(cycle), Diagnostic(
                file, line, f"evaluation cycle: {path}", "error", "eval-cycle"))
            return Unknown(f"evaluation cycle: {path}", node_id)
        stack.append(node_id)
        try:
            value = self._compute(key)
            if self.run.meter.overruns:
                self.run.report_overruns(self.location(key)[0])
        except Exception:
            if self.run.failed_at is None:
                self.run.failed_at = node_id  # the innermost node: where the report should point
            raise
        finally:
            stack.pop()
        self._values[key] = value
        return value

    def location(self, key: str) -> tuple[str, int]:
        kind, _, rest = key.partition(".")
        c = self.config
        located: Located | None = None
        if kind == "var":
            located = c.variables.get(rest)
        elif kind == "output":
            located = c.outputs.get(rest)
        elif kind == "module":
            located = c.modules.get(rest)
        elif kind == "provider":
            located = c.providers.get(rest)
        elif kind in ("managed", "data"):
            type_, _, name = rest.partition(".")
            located = c.resources.get((kind, type_, name))
        elif kind == "local" and rest in c.locals:
            local = c.locals[rest]
            return local.file, local.attr.line
        if located is not None:
            return located.file, located.block.line
        return (c.files[0] if c.files else self.run.root_rel), 1

    def _compute(self, key: str) -> Any:
        kind, _, rest = key.partition(".")
        if kind == "var":
            return self._variable(rest)
        if kind == "local":
            return force(evaluate(self.config.locals[rest].attr.expr, self.ctx))
        if kind == "output":
            attr = self.config.outputs[rest].block.body.attributes.get("value")
            return force(evaluate(attr.expr, self.ctx)) if attr is not None else None
        if kind == "module":
            return self._module_call(rest)
        if kind == "provider":
            return self._provider(rest)
        type_, _, name = rest.partition(".")
        return self._resource(kind, type_, name)

    # ------------------------------------------------------------------ variables

    def _variable(self, name: str) -> Any:
        body = self.config.variables[name].block.body
        type_attr = body.attributes.get("type")
        spec = parse_type(type_attr.expr if type_attr is not None else None)
        default_attr = body.attributes.get("default")
        nullable_attr = body.attributes.get("nullable")
        nullable = not (nullable_attr is not None and isinstance(nullable_attr.expr, Literal)
                        and nullable_attr.expr.value is False)
        if name in self.inputs:
            value = self.inputs[name]()
            if value is None and not nullable and default_attr is not None:
                value = force(evaluate(default_attr.expr, _EMPTY))
        elif default_attr is not None:
            value = force(evaluate(default_attr.expr, _EMPTY))
        elif self.call is None:
            value = Unknown(f'variable "{name}" has no value: no default, not set in a .tfvars file or with '
                            "--var", f"var.{name}")
        else:
            value = Unknown(f'required input "{name}" of {self.call} is not set', f"{self.prefix}var.{name}")
        return convert(value, spec)

    # ------------------------------------------------------------------ providers

    def _provider(self, ref: str) -> ProviderConfig:
        located = self.config.providers[ref]
        attrs, _ = eval_body(located.block.body, self.ctx, frozenset({"alias", "version"}))
        return self.run.provider_config(self.prefix + ref, attrs)

    def provider_config(self, ref: str, used_at: tuple[str, int] | None = None) -> ProviderConfig:
        """The configuration a provider reference (``aws``, ``aws.west``) means in this module.

        ``used_at`` (file, line) is where the reference is written, for the warning when
        an alias is not configured.
        """
        if ref in self.config.providers:
            value = self.node(f"provider.{ref}")
            if isinstance(value, ProviderConfig):
                return value
        elif ref in self.providers:
            return self.providers[ref]()
        elif "." in ref:
            file, line = used_at or ((self.config.files[0] if self.config.files else self.run.root_rel), 1)
            self.run.warn_once(Diagnostic(
                file, line, f"provider configuration {ref} is not declared in {self.prefix.rstrip('.') or 'the root module'}"
                f"; using the default {ref.split('.')[0]} configuration",
                "warning", "missing-provider"))
            return self.provider_config(ref.split(".")[0])
        return self.run.implicit_provider(ref)

    def _default_provider_names(self) -> set[str]:
        return {k for k in [*self.config.providers, *self.providers] if "." not in k}

    def _child_providers(self, body_attrs: Any) -> dict[str, Callable[[], ProviderConfig]]:
        attr = body_attrs.get("providers")
        if attr is None:
            return {n: self._provider_thunk(n) for n in self._default_provider_names()}
        out: dict[str, Callable[[], ProviderConfig]] = {}
        if isinstance(attr.expr, ObjectExpr):
            for item in attr.expr.items:
                child = provider_ref(item.key)
                parent = provider_ref(item.value)
                if child and parent:
                    out[child] = self._provider_thunk(parent)
        return out

    def _provider_thunk(self, ref: str) -> Callable[[], ProviderConfig]:
        return lambda: self.provider_config(ref)

    # ------------------------------------------------------------------ count / for_each

    def _instances(self, located: Located, what: str) -> tuple[list[tuple[InstanceKey, EvalContext]], str | Unknown]:
        body = located.block.body
        count = body.attributes.get("count")
        for_each = body.attributes.get("for_each")
        if count is not None:
            n = force(evaluate(count.expr, self.ctx))
            if isinstance(n, float) and n.is_integer():
                n = int(n)
            if isinstance(n, str) and n.strip().isdigit():
                n = int(n.strip())
            if isinstance(n, int) and not isinstance(n, bool) and n > 0:
                taken = self._take_instances(located, what, "count", n)
                if isinstance(taken, Unknown):
                    unknown = Unknown(f"count of {what} unknown: {taken.reason}")
                    return [(None, self.ctx.with_names(count={"index": unknown}))], unknown
            if isinstance(n, bool) or not isinstance(n, int) or n < 0:
                reason = n.reason if isinstance(n, Unknown) else f"count is not a whole number: {n!r}"
                self._warn_unknown_repetition(located, what, "count", reason, count.expr)
                unknown = Unknown(f"count of {what} unknown: {reason}")
                return [(None, self.ctx.with_names(count={"index": unknown}))], unknown
            return [(i, self.ctx.with_names(count={"index": i})) for i in range(n)], "count"
        if for_each is not None:
            coll = force(evaluate(for_each.expr, self.ctx))
            items: list[tuple[str, Any]] | None = None
            if isinstance(coll, dict):
                items = [(str(k), coll[k]) for k in sorted(coll, key=str)]
            elif isinstance(coll, list | tuple | set | frozenset) and all(isinstance(v, str) for v in coll):
                items = [(v, v) for v in sorted(set(coll))]
            if items is None:
                reason = coll.reason if isinstance(coll, Unknown) else (
                    f"for_each needs a map or a set of strings, got {type(coll).__name__}")
                self._warn_unknown_repetition(located, what, "for_each", reason, for_each.expr)
                unknown = Unknown(f"for_each of {what} unknown: {reason}")
                return [(None, self.ctx.with_names(each={"key": unknown, "value": unknown}))], unknown
            if isinstance(self._take_instances(located, what, "for_each", len(items)), Unknown):
                unknown = Unknown(f"for_each of {what} unknown: too many instances")
                return [(None, self.ctx.with_names(each={"key": unknown, "value": unknown}))], unknown
            return [(k, self.ctx.with_names(each={"key": k, "value": v})) for k, v in items], "for_each"
        return [(None, self.ctx)], "single"

    def _take_instances(self, located: Located, what: str, meta: str, n: int) -> int | Unknown:
        """``n`` if the root's instance budget allows it, else an Unknown (the block is then evaluated once)."""
        try:
            self.run.meter.take_instances(n, f"{meta} of {what}")
        except budget.BudgetExceeded as exc:
            self.run.report_budget(located.file, located.block.line, exc.message)
            return Unknown(exc.message)
        return n

    def _warn_unknown_repetition(self, located: Located, what: str, meta: str, reason: str, expr: Expr) -> None:
        """The notice of a ``count``/``for_each`` the scan cannot expand, naming every input without value it
        reads and how to give it: the instances it would create are not simulated."""
        inputs = missing_inputs(expr, self.node, lambda name: (
            self.config.locals[name].attr.expr if name in self.config.locals else None))
        needs = EXPAND_IT + "; ".join(inputs) if inputs else ""
        self.run.diagnostics.append(Diagnostic(
            located.file, located.block.line,
            f"{meta} of {what} is unknown ({reason}); evaluated as one instance without an index, so the "
            f"resources it would create are not simulated{needs}",
            "warning", "unknown-repetition"))

    @staticmethod
    def _shape(shape: str | Unknown, values: list[tuple[InstanceKey, Any]], ref: str) -> Any:
        if isinstance(shape, Unknown):
            return Unknown(shape.reason, ref)
        if shape == "single":
            return values[0][1]
        if shape == "count":
            return [v for _, v in values]
        return {k: v for k, v in values}

    # ------------------------------------------------------------------ resources and data sources

    def _resource(self, mode: str, type_: str, name: str) -> Any:
        located = self.config.resources[(mode, type_, name)]
        block = located.block
        provider_attr = block.body.attributes.get("provider")
        ref = provider_ref(provider_attr.expr) if provider_attr is not None else None
        provider = self.provider_config(ref or type_.split("_", 1)[0],
                                        (located.file, provider_attr.line if provider_attr else block.line))
        base = resource_address(self.prefix, "managed" if mode == "managed" else "data", type_, name, None)
        instances, shape = self._instances(located, base)
        comments = self.config.comments.get(located.file, ())
        # an ``iacsim:ignore`` on a module block covers what the module creates: the caller owns the call,
        # not the module's code
        suppressions = (*suppressions_for(block.line, comments), *self.call_suppressions)
        values: list[tuple[InstanceKey, Any]] = []
        for key, ctx in instances:
            address = base + key_suffix(key)
            attrs, lines = eval_body(block.body, ctx, RESOURCE_META_ATTRS, RESOURCE_META_BLOCKS,
                                     self._body_error(located.file))
            if located.file in self.config.json_files:
                attrs = json_blocks_as_lists(attrs)
            placement = with_resource_region(provider.placement, attrs, type_)
            value: Any
            if mode == "managed":
                computed = synthesize(type_, attrs, placement, f"{self.run.root_rel}|{address}", address)
                full = {**attrs, **computed, **tags_all(provider, attrs)}
                # attributes the configuration does not set exist after apply: reading one is an
                # Unknown naming it (aws_iam_role.x.name with only name_prefix), not an error
                # …and an Optional + Computed argument set to null is one of them ("known after apply")
                value = PartialObject(reference_view(type_, full), ref=address)
            else:
                resolved = resolve_data(type_, attrs, placement, address, self.run.registry)
                if isinstance(resolved, Unknown):
                    if type_ in KMS_LOOKUPS:
                        self.run.kms_missed = True
                    # a notice for the coverage section (valid code; the scan just cannot read it)
                    if type_ not in REPLAYED:
                        self.run.warn_once(Diagnostic(located.file, block.line, f"{base}: {resolved.reason}",
                                                      "info", "data-source-unresolved"))
                    full, value = attrs, resolved
                else:
                    # Arguments as written win (data "aws_kms_key" keeps key_id = "alias/x").
                    full = {**resolved, **attrs}
                    value = full
            self.run.emit(Resource(
                type=type_, address=address, attrs=full,
                source=SourceLocation(located.file, block.line, block.end_line),
                placement=placement, origin="terraform", mode="managed" if mode == "managed" else "data",
                name=name, attr_lines=lines, suppressions=suppressions,
                module_calls=self.calls, attr_vars=self._attr_vars(located) if self.calls else {},
                repetition=repetition(located, shape),
            ), provider)
            values.append((key, value))
        return self._shape(shape, values, base)

    @staticmethod
    def _attr_vars(located: Located) -> dict[str, tuple[str, ...]]:
        """Each top-level attribute → the module variables its expression reads (syntactically)."""
        return {name: reads for name, attr in located.block.body.attributes.items()
                if (reads := _variables_read(attr.expr))}

    def _body_error(self, file: str) -> Callable[[int, str], None]:
        def report(line: int, message: str) -> None:
            self.run.diagnostics.append(Diagnostic(file, line, message, "warning", "invalid-block"))
        return report

    # ------------------------------------------------------------------ module calls

    def _module_call(self, name: str) -> Any:
        located = self.config.modules[name]
        body = located.block.body
        call = f"{self.prefix}module.{name}"
        key_path = f"{self.key_path}.{name}" if self.key_path else name
        source_attr = body.attributes.get("source")
        source = _literal_string(source_attr.expr) if source_attr is not None else None
        if source is None:
            self.run.diagnostics.append(Diagnostic(located.file, located.block.line,
                                                   f"{call}: source must be a literal string", "error",
                                                   "invalid-module"))
            return Unknown(f"{call} has no literal source", call)
        child_dir: Path | None
        if is_local_source(source):
            child_dir = (self.config.dir / source).resolve()
        else:
            child_dir = self.run.manifest.lookup(key_path)
            if child_dir is None:
                # say so once per call site: everything built from its outputs will be unknown
                diag = Diagnostic(located.file, located.block.line,
                                  f"{call}: remote module {source!r} is not downloaded; its resources are not "
                                  "simulated and its outputs are unknown (run terraform init to include it)",
                                  "info", "module-not-downloaded")
                if diag not in self.run.diagnostics:
                    self.run.diagnostics.append(diag)
                    # what it is given, so the model can tell whose permissions it may change
                    self.run.resources.append(unread_module(located, call, name, source, self.ctx,
                                                            self.provider_config("aws").placement, self.calls))
                return Unknown(f'remote module "{name}" ({source}) not downloaded '
                               "(no .terraform/modules/modules.json entry; run terraform init to include it)", call)
        if not self.run.scan.options.roots.contains(child_dir):
            outside = Diagnostic(located.file, located.block.line, f"{call}: module source {source!r} leads "
                                 "outside the scanned roots; it is not read (scan a directory that contains it)",
                                 "warning", OUTSIDE_ROOT)
            if outside not in self.run.diagnostics:
                self.run.diagnostics.append(outside)
            return Unknown(f"{call}: module source {source!r} is outside the scanned roots", call)
        max_depth = self.run.meter.budgets.max_module_depth
        if child_dir not in self.dir_chain and len(self.dir_chain) > max_depth:
            self.run.report_budget(located.file, located.block.line,
                                   f"module.{name}: modules nest more than budgets.max_module_depth ({max_depth}) deep; "
                                   "the module is not evaluated and its outputs are unknown")
            return Unknown(f"{call}: module nesting deeper than {max_depth}", call)
        if child_dir in self.dir_chain:
            chain = " → ".join(self.run.rel_dir(d) for d in (*self.dir_chain, child_dir))
            self.run.report_cycle(frozenset({str(child_dir), call}), Diagnostic(
                located.file, located.block.line, f"module call cycle: {chain}", "error", "eval-cycle"))
            return Unknown(f"module call cycle: {chain}", call)
        child_config = self.run.module_config(child_dir)
        if not child_config.files:
            self.run.diagnostics.append(Diagnostic(
                located.file, located.block.line,
                f"{call}: module source {source!r} has no .tf files", "error", "invalid-module"))
            return Unknown(f"{call}: module source {source!r} not found", call)
        providers = self._child_providers(body.attributes)
        instances, shape = self._instances(located, call)
        values: list[tuple[InstanceKey, Any]] = []
        arguments = tuple(ModuleArgument(n, a.line, _variables_read(a.expr))
                          for n, a in body.attributes.items() if n not in MODULE_META_ATTRS)
        for key, ctx in instances:
            inputs = {n: deferred(a.expr, ctx, self.run, located.file)
                      for n, a in body.attributes.items() if n not in MODULE_META_ATTRS}
            prefix = module_prefix(self.prefix, name, key)
            site = ModuleCall(prefix.rstrip("."), located.file, located.block.line, arguments)
            child = Scope(self.run, child_config, prefix, key_path, inputs,
                          providers, (*self.dir_chain, child_dir), f"module.{name}", (*self.calls, site))
            child.call_suppressions = (
                *self.call_suppressions,
                *suppressions_for(located.block.line, self.config.comments.get(located.file, ())))
            self.run.pending.append(child)
            values.append((key, {out: child._thunk(f"output.{out}") for out in child_config.outputs}))
        return self._shape(shape, values, call)
