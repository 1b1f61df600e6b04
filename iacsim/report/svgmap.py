"""Layout of the infrastructure map drawn in the HTML report (inline SVG).

Accounts are columns, regions are horizontal bands; each cell lists the keys,
buckets, parameters and images that live there. Arrows show multi-Region
replicas (primary → replica), S3 replication (source → destination, labelled
with the replica key), AMI launch permissions (image → target account) and the
resources of other services that encrypt with a key (log group, topic, secret,
database… → its key, dotted).
Anything a failing flow touches is drawn in red and links to that flow's trace.

This module only places what the report already holds (``report.model`` and
``report.flows``); it computes no verdicts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from iacsim.aws.arn import Arn

COL_W, COL_GAP, LEFT = 300, 40, 120
ROW_H, BAND_PAD, HEAD_H = 24, 14, 48
MAX_PER_CELL = 14
"""Beyond this a cell shows "+N more": the map stays readable for hundreds of resources."""

_ACCOUNT = re.compile(r"\d{12}")
# Text tags, not emoji: CI machines and many desktops have no emoji font.
_ICON = {"key": "KMS", "bucket": "S3", "parameter": "SSM", "image": "AMI", "flow": "FAIL", "service": "USE"}

_SERVICE_KEY_FIELDS = ("kms_key", "kms_master_key_id", "key")
"""Fields by which a service object (log group, topic, secret, database…) names the key it encrypts with."""
_SERVICE_LABELS = {
    "LogGroup": "Logs", "Trail": "CloudTrail", "SnsTopic": "SNS", "SqsQueue": "SQS", "Secret": "Secret",
    "LambdaFunction": "Lambda", "RdsDatabase": "RDS", "RdsSnapshotCopy": "RDS copy", "RdsBackupReplication": "RDS backups",
    "DynamoTable": "DynamoDB", "DynamoTableReplica": "DynamoDB replica", "EfsFileSystem": "EFS",
    "KmsCiphertext": "ciphertext", "CommittedCiphertext": "ciphertext",
}


@dataclass
class Node:
    id: str
    label: str
    kind: str
    x: int = 0
    y: int = 0
    failing_flow: int | None = None
    title: str = ""
    aliases: tuple[str, ...] = ()
    """Every other id the node is known by (ARN, key id, name), so arrows can find it."""


@dataclass
class Edge:
    src: str
    dst: str
    kind: str
    label: str = ""
    failing_flow: int | None = None
    x1: int = 0
    y1: int = 0
    x2: int = 0
    y2: int = 0
    bend: int = 40
    """Horizontal reach of the curve's control points; edges within one column loop out to the right."""


@dataclass
class Band:
    region: str
    y: int
    height: int


@dataclass
class Column:
    account: str
    x: int
    assumed: bool = False


@dataclass
class MapLayout:
    width: int
    height: int
    columns: list[Column] = field(default_factory=list)
    bands: list[Band] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    more: list[tuple[int, int, int]] = field(default_factory=list)
    """(x, y, count) of "+N more" labels for cells cut at MAX_PER_CELL."""


def _s(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _short(text: str, n: int = 34) -> str:
    return text if len(text) <= n else "…" + text[-(n - 1):]


def _ids(obj: dict[str, Any]) -> list[str]:
    out = [obj.get("address")]
    for k in ("arn", "key_id", "name", "image_id"):
        out.append(_s(obj.get(k)))
    return [i for i in out if i]


def _ref(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("ref"), str):
        return str(value["ref"]).rsplit(".", 1)[0] if value["ref"].count(".") > 1 else value["ref"]
    return None


def build_map(report: dict[str, Any]) -> MapLayout:
    model_accounts: dict[str, Any] = report.get("model", {}).get("accounts", {}) or {}
    summary_accounts: dict[str, Any] = report.get("summary", {}).get("accounts", {}) or {}
    accounts = sorted(set(model_accounts) | set(summary_accounts))
    flows = report.get("flows", [])

    # which account/region each failing flow touches (from ARNs in its steps) and which ids it names
    failing: list[tuple[int, set[str], set[tuple[str, str]]]] = []
    for i, fl in enumerate(flows):
        if fl.get("verdict") != "fail":
            continue
        names, places = {fl.get("name", "")}, set()
        for st in fl.get("steps", []):
            res = st.get("resource", "")
            names.add(res)
            arn = Arn.parse(res)
            if arn is not None and _ACCOUNT.fullmatch(arn.account):
                places.add((arn.account, arn.region or "global"))
        failing.append((i, names, places))

    def flow_for(ids: list[str]) -> int | None:
        for i, names, _ in failing:
            if any(x and any(x == n or x in n for n in names) for x in ids):
                return i
        return None

    cells: dict[tuple[str, str], list[Node]] = {}
    edges: list[Edge] = []
    regions: set[str] = set()
    for acct in accounts:
        for region in summary_accounts.get(acct, {}).get("regions", []):
            if region != "global":
                regions.add(region)
        for region, content in (model_accounts.get(acct, {}).get("regions", {}) or {}).items():
            regions.add(region)
            cell = cells.setdefault((acct, region), [])
            aliases: dict[str, str] = {}
            for al in content.get("aliases", []):
                target = _ref(al.get("target_key"))
                if target and _s(al.get("name")):
                    aliases.setdefault(target, al["name"])
            for key in content.get("keys", []):
                ids = _ids(key)
                label = next((aliases[i] for i in ids if i in aliases), None) or key.get("address", "key")
                badge = " (replica)" if key.get("replica_of") else " (multi-Region)" if key.get("multi_region") is True else ""
                cell.append(Node(ids[0], _short(label) + badge, "key", failing_flow=flow_for(ids),
                                 title=key.get("address", ""), aliases=tuple(ids)))
                primary = _ref(key.get("replica_of"))
                if primary:
                    edges.append(Edge(primary, ids[0], "replica", "replica"))
            for b in content.get("buckets", []):
                ids = _ids(b)
                cell.append(Node(ids[0], _short(_s(b.get("name")) or b.get("address", "bucket")), "bucket",
                                 failing_flow=flow_for(ids), title=b.get("address", ""), aliases=tuple(ids)))
                repl = b.get("replication") or {}
                for rule in repl.get("rules", []) if isinstance(repl, dict) else []:
                    dest = (rule.get("destination") or {})
                    dst = _ref(dest.get("bucket"))
                    if dst:
                        key = _ref(dest.get("replica_kms_key_id"))
                        edges.append(Edge(ids[0], dst, "replication",
                                          _short(key.rsplit("/", 1)[-1], 20) if key else "no replica key",
                                          failing_flow=flow_for(ids)))
            for p in content.get("parameters", []):
                ids = _ids(p)
                kind = _s(p.get("type")) or "?"
                cell.append(Node(ids[0], _short(f"{_s(p.get('name')) or p.get('address')} [{kind}]"), "parameter",
                                 failing_flow=flow_for(ids), title=p.get("address", "")))
            for ami in content.get("amis", []):
                ids = _ids(ami)
                cell.append(Node(ids[0], _short(_s(ami.get("name")) or ami.get("address", "image")), "image",
                                 failing_flow=flow_for(ids), title=ami.get("address", ""), aliases=tuple(ids)))
            for svc in content.get("services", []):
                key_ref = next((_ref(svc.get(f)) for f in _SERVICE_KEY_FIELDS if _ref(svc.get(f))), None)
                if key_ref is None:
                    continue  # only what encrypts with a named key is drawn: policies and wiring stay in the model
                ids = _ids(svc)
                kind = _SERVICE_LABELS.get(str(svc.get("kind")), str(svc.get("kind", "service")))
                name = _s(svc.get("name")) or svc.get("address", "resource")
                cell.append(Node(ids[0], _short(f"{kind} {name}"), "service", failing_flow=flow_for(ids),
                                 title=svc.get("address", ""), aliases=tuple(ids)))
                edges.append(Edge(ids[0], key_ref, "uses-key", "", failing_flow=flow_for(ids)))
            for lp in content.get("launch_permissions", []):
                target = _s(lp.get("account_id"))
                image = _ref(lp.get("image"))
                if target and image:
                    edges.append(Edge(image, f"account:{target}", "launch", "launch permission",
                                      failing_flow=flow_for([lp.get("address", ""), image])))

    # failing flows nothing on the map names still get a red marker where their ARNs point
    placed = {n.failing_flow for c in cells.values() for n in c} | {e.failing_flow for e in edges}
    for i, _names, places in failing:
        if i in placed:
            continue
        for acct, region in sorted(places) or [(accounts[0] if accounts else "unknown", "global")]:
            regions.add(region)
            if acct not in accounts:
                accounts.append(acct)
            cells.setdefault((acct, region), []).insert(
                0, Node(f"flow:{i}", _short(flows[i].get("name", "flow")), "flow", failing_flow=i,
                        title=f"{flows[i].get('kind')}: {flows[i].get('name')}"))

    layout = MapLayout(width=LEFT + max(1, len(accounts)) * (COL_W + COL_GAP), height=HEAD_H)
    for i, acct in enumerate(accounts):
        layout.columns.append(Column(acct, LEFT + i * (COL_W + COL_GAP),
                                     bool(summary_accounts.get(acct, {}).get("assumed"))))
    col_x = {c.account: c.x for c in layout.columns}
    y = HEAD_H
    positions: dict[str, tuple[int, int]] = {f"account:{c.account}": (c.x + COL_W // 2, HEAD_H - 8)
                                              for c in layout.columns}
    for region in sorted(regions):
        rows = max([min(len(cells.get((a, region), [])), MAX_PER_CELL + 1) for a in accounts] or [1]) or 1
        band = Band(region, y, rows * ROW_H + 2 * BAND_PAD)
        layout.bands.append(band)
        for acct in accounts:
            nodes = cells.get((acct, region), [])
            for j, node in enumerate(nodes[:MAX_PER_CELL]):
                node.x, node.y = col_x[acct] + 8, y + BAND_PAD + j * ROW_H
                layout.nodes.append(node)
                for ident in (node.id, node.title, *node.aliases):
                    if ident:
                        positions.setdefault(ident, (node.x, node.y + ROW_H // 2 - 4))
            if len(nodes) > MAX_PER_CELL:
                layout.more.append((col_x[acct] + 8, y + BAND_PAD + MAX_PER_CELL * ROW_H, len(nodes) - MAX_PER_CELL))
        y += band.height
    layout.height = y + 10

    node_w = COL_W - 30
    for i, e in enumerate(edges):
        start = positions.get(e.src) or next((p for k, p in positions.items() if e.src in k), None)
        end = positions.get(e.dst) or next((p for k, p in positions.items() if e.dst in k), None)
        if not (start and end) or start == end:
            continue
        if start[0] == end[0] and e.kind != "launch":
            # same column: leave and re-enter on the right, staggered so parallel arrows stay apart
            e.x1, e.y1, e.x2, e.y2, e.bend = start[0] + node_w, start[1], end[0] + node_w, end[1], 14 + 5 * (i % 4)
        else:
            e.x1, e.y1, e.x2, e.y2 = start[0] + node_w, start[1], end[0] - (0 if e.kind == "launch" else 2), end[1]
            e.bend = 40
        layout.edges.append(e)
    return layout


def icon(kind: str) -> str:
    return _ICON.get(kind, "•")
