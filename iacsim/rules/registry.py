"""Rule discovery (walk the package, never a hand-kept list) and running rules on a world."""

from __future__ import annotations

import functools
import importlib
import pkgutil

from iacsim.config import Config
from iacsim.findings import Finding, FlowResult, RuleMeta
from iacsim.links import rule_help_uri
from iacsim.model import World
from iacsim.rules.base import Rule, RuleContext
from iacsim.rules.emit import build_finding, rule_enabled


class DuplicateRuleError(RuntimeError):
    pass


@functools.lru_cache(maxsize=1)
def all_rules() -> tuple[type[Rule], ...]:
    """Every Rule subclass defined in a module under ``iacsim.rules``, by id."""
    import iacsim.rules as pkg

    for info in pkgutil.walk_packages(pkg.__path__, prefix="iacsim.rules."):
        importlib.import_module(info.name)
    found: dict[str, type[Rule]] = {}
    stack = list(Rule.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if not cls.__module__.startswith("iacsim.rules.") or "id" not in cls.__dict__:
            continue
        cls.validate()
        if cls.id in found and found[cls.id] is not cls:
            raise DuplicateRuleError(f"rule id {cls.id} defined twice: {found[cls.id].__module__} and {cls.__module__}")
        found[cls.id] = cls
    return tuple(found[k] for k in sorted(found))


def rule_by_id(rule_id: str) -> type[Rule] | None:
    return next((r for r in all_rules() if r.id == rule_id.upper()), None)


def metadata(rule: type[Rule]) -> RuleMeta:
    sections = rule.doc_sections()
    body = "\n\n".join(f"**{name}**\n\n{text}" for name, text in sections.items())
    if rule.peers:
        body += "\n\n**Peer checks**\n\n" + ", ".join(f"`{p}`" for p in rule.peers)
    if rule.customer_managed_key_service:
        body += (f"\n\n**Enabled by**\n\n`encryption: {{customer_managed_key: [{rule.customer_managed_key_service}]}}` "
                 "in `.iacsim.yml` (off by default)")
    return RuleMeta(id=rule.id, name=rule.name, short_description=rule.summary, category=rule.category,
                    default_severity=rule.severity, help_markdown=body or rule.summary,
                    help_uri=rule.help_uri or rule_help_uri(rule.id), peers=rule.peers,
                    customer_managed_key_service=rule.customer_managed_key_service)


def run_rules(world: World, config: Config, flows: tuple[FlowResult, ...] = ()) -> list[Finding]:
    """Every enabled rule on ``world``; ``flows`` are the world's replayed flows, for the rules whose verdict
    is linked to one (:mod:`iacsim.rules.flow_links`)."""
    ctx = RuleContext(world, config, flows)
    findings: list[Finding] = []
    for rule_cls in all_rules():
        if not rule_enabled(rule_cls, config):
            continue
        for hit in rule_cls().check(ctx):
            finding = build_finding(rule_cls, config, hit.obj, hit.message, fix=hit.fix, line=hit.source_line(),
                                    attr=hit.attr)
            if finding is not None:
                findings.append(finding)
    return findings
