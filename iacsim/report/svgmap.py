"""Layout of the infrastructure map drawn in the HTML report (inline SVG).

Accounts are columns, regions are horizontal bands; each cell lists the keys,
buckets, parameters, images, service and IAM objects that live there (IAM in a ``global``
band; wiring such as a topic policy is folded into its object). Arrows show multi-Region
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
NODE_W = COL_W - 30
LABEL_CHARS = 32
"""Characters of a label that fit a node box at the map's 12px font (the browser test measures it)."""

_ACCOUNT = re.compile(r"\d{12}")
# Text tags, not emoji: CI machines and many desktops have no emoji font.
_ICON = {"key": "KMS", "bucket": "S3", "parameter": "SSM", "image": "AMI", "flow": "FAIL", "service": "USE",
         "iam": "IAM", "other": "·"}

_SERVICE_KEY_FIELDS = ("kms_key", "kms_master_key_id", "key", "kms_key_id")
"""Fields by which a service object (log group, topic, secret, database…) names the key it encrypts with."""
_SERVICE_LABELS = {
    "LogGroup": "Logs", "Trail": "CloudTrail", "SnsTopic": "SNS", "SqsQueue": "SQS", "Secret": "Secret",
    "LambdaFunction": "Lambda", "RdsDatabase": "RDS", "RdsSnapshotCopy": "RDS copy", "RdsBackupReplication": "RDS backups",
    "DynamoTable": "DynamoDB", "DynamoTableReplica": "DynamoDB replica", "EfsFileSystem": "EFS",
    "KmsCiphertext": "ciphertext", "CommittedCiphertext": "ciphertext", "EbsVolume": "EBS", "EbsSnapshot": "snapshot",
    "IamRole": "role", "IamPolicy": "policy", "IamUser": "user", "IamGroup": "group",
    "InstanceProfile": "instance profile",
}
_REGION_LISTS = ("keys", "buckets", "parameters", "amis", "snapshots", "volumes", "launch_templates", "instances",
                 "image_distributions", "services", "unattached")
"""Lists of a Region's model whose objects are drawn; aliases name their key, grants and permissions are arrows."""
_ACCOUNT_LISTS = ("roles", "policies", "users", "groups", "instance_profiles", "unattached")
"""An account's global objects (IAM), drawn in the ``global`` band."""
_PERMISSION_LISTS = ("launch_permissions", "create_volume_permissions")
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
    parts: tuple[str, ...] = ()
    """Addresses of the wiring folded into this node (its topic policy, subscriptions…), shown on hover."""


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


def _s(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def short_label(text: str, n: int = LABEL_CHARS) -> str:
    """``text`` cut in the middle to ``n`` characters: the start (type, module) and the end (name) stay."""
    if len(text) <= n:
        return text
    head = (n - 1) // 2
    return text[:head] + "…" + text[-(n - 1 - head):]


def _ids(obj: dict[str, Any]) -> list[str]:
    out = [obj.get("address")]
    for k in ("arn", "key_id", "name", "image_id", "url", "snapshot_id"):
        out.append(_s(obj.get(k)))
    return [i for i in out if i]


def _ref(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("ref"), str):
        return str(value["ref"]).rsplit(".", 1)[0] if value["ref"].count(".") > 1 else value["ref"]
    return None


def _failing_flows(flows: list[dict[str, Any]]) -> list[tuple[int, set[str], set[tuple[str, str]]]]:
    """``(flow index, names it touches, (account, Region) its ARNs point at)`` of each failing flow."""
    failing: list[tuple[int, set[str], set[tuple[str, str]]]] = []
    for i, fl in enumerate(flows):
        if fl.get("verdict") != "fail":
            continue
        names, places = {fl.get("name", "")}, set()
        for st in fl.get("steps", []):
            if st.get("decision") == "allowed":
                continue  # the failing path is what the flow is about and where it stopped, not every call on the way
            res = st.get("resource", "")
            names.add(res)
            arn = Arn.parse(res)
            if arn is not None and _ACCOUNT.fullmatch(arn.account):
                places.add((arn.account, arn.region or "global"))
        failing.append((i, names, places))
    return failing


def _names(ident: str, text: str) -> bool:
    """Whether a flow's name or a step's resource names the object ``ident``: equal, or — for an address or
    ARN — contained as a whole word (``aws_s3_bucket.source replication…``); a bare name (``service-0``) must
    be equal, or every log group called ``/app/service-0`` would turn role ``service-0`` red."""
    if ident == text:
        return True
    if "." not in ident and ":" not in ident:
        return False
    return re.search(rf"(?<![\w.-]){re.escape(ident)}(?![\w-])", text) is not None


class _Cells:
    """The nodes of each (account, Region) cell and the arrows between them, as the model is read."""

    def __init__(self, flows: list[dict[str, Any]]) -> None:
        self.failing = _failing_flows(flows)
        self.cells: dict[tuple[str, str], list[Node]] = {}
        self.edges: list[Edge] = []
        self.drawn: set[int] = set()
        """Failing flows some node or arrow already shows."""

    def flow_for(self, ids: list[str]) -> int | None:
        """The first failing flow that names one of ``ids`` (the node links to it); all are noted as drawn."""
        found = [i for i, names, _ in self.failing if any(_names(x, n) for x in ids if x for n in names)]
        self.drawn.update(found)
        return found[0] if found else None

    def add(self, place: tuple[str, str], obj: dict[str, Any], kind: str, label: str) -> Node:
        ids = _ids(obj)
        node = Node(ids[0] if ids else label, short_label(label), kind, failing_flow=self.flow_for(ids),
                    title=str(obj.get("address", "")), aliases=tuple(ids))
        self.cells.setdefault(place, []).append(node)
        return node

    def region(self, acct: str, region: str, content: dict[str, Any]) -> None:
        place = (acct, region)
        self.cells.setdefault(place, [])
        aliases: dict[str, str] = {}
        for al in content.get("aliases", []) or []:
            target = _ref(al.get("target_key"))
            if target and _s(al.get("name")):
                aliases.setdefault(target, al["name"])
        for key in content.get("keys", []) or []:
            ids = _ids(key)
            label = next((aliases[i] for i in ids if i in aliases), None) or key.get("address", "key")
            badge = " (replica)" if key.get("replica_of") else " (multi-Region)" if key.get("multi_region") is True else ""
            node = self.add(place, key, "key", short_label(label, LABEL_CHARS - len(badge)) + badge)
            node.aliases = (*node.aliases, *(a for t, a in aliases.items() if t in ids))
            primary = _ref(key.get("replica_of"))
            if primary:
                self.edges.append(Edge(primary, ids[0], "replica", "replica"))
        for b in content.get("buckets", []) or []:
            node = self.add(place, b, "bucket", _s(b.get("name")) or b.get("address", "bucket"))
            repl = b.get("replication") or {}
            for rule in repl.get("rules", []) if isinstance(repl, dict) else []:
                dest = (rule.get("destination") or {})
                dst = _ref(dest.get("bucket"))
                if dst:
                    key = _ref(dest.get("replica_kms_key_id"))
                    self.edges.append(Edge(node.id, dst, "replication",
                                           short_label(key.rsplit("/", 1)[-1], 20) if key else "no replica key",
                                           failing_flow=node.failing_flow))
        for p in content.get("parameters", []) or []:
            self.add(place, p, "parameter", f"{_s(p.get('name')) or p.get('address')} [{_s(p.get('type')) or '?'}]")
        for ami in content.get("amis", []) or []:
            self.add(place, ami, "image", _s(ami.get("name")) or ami.get("address", "image"))
        for lst in _REGION_LISTS[4:]:
            self.others(place, content.get(lst, []) or [])
        for lst in _PERMISSION_LISTS:
            for lp in content.get(lst, []) or []:
                target = _s(lp.get("account_id"))
                thing = _ref(lp.get("image") or lp.get("snapshot"))
                if target and thing:
                    self.edges.append(Edge(thing, f"account:{target}", "launch",
                                           "launch permission" if lst == "launch_permissions" else "volume permission",
                                           failing_flow=self.flow_for([lp.get("address", ""), thing])))

    def others(self, place: tuple[str, str], objects: list[dict[str, Any]]) -> None:
        """Service and IAM objects; wiring without a name of its own (a topic policy, a subscription, an
        event target) is folded into the object it refers to, as a line of that node's hover text."""
        for obj in objects:
            if not isinstance(obj, dict):
                continue
            key_ref = next((_ref(obj.get(f)) for f in _SERVICE_KEY_FIELDS if _ref(obj.get(f))), None)
            if key_ref is None and not any(obj.get(k) for k in ("name", "arn", "image_id", "snapshot_id")):
                owner = self._owner(place, obj)
                if owner is not None:
                    owner.parts = (*owner.parts, str(obj.get("address", obj.get("kind"))))
                    if owner.failing_flow is None:
                        owner.failing_flow = self.flow_for(_ids(obj))
                    continue
            kind_name = str(obj.get("kind", "resource"))
            word = _SERVICE_LABELS.get(kind_name, kind_name)
            name = _s(obj.get("name")) or obj.get("address", "resource")
            kind = "service" if key_ref else "iam" if place[1] == "global" else "other"
            node = self.add(place, obj, kind, f"{word} {name}")
            if key_ref:
                self.edges.append(Edge(node.id, key_ref, "uses-key", "", failing_flow=node.failing_flow))

    def _owner(self, place: tuple[str, str], obj: dict[str, Any]) -> Node | None:
        refs = {v for k, v in obj.items() if k not in ("kind", "address", "account", "region") and isinstance(v, str)}
        for node in self.cells.get(place, []):
            if refs & {node.id, *node.aliases}:
                return node
        return None


def build_map(report: dict[str, Any]) -> MapLayout:
    """Every object of ``report.model`` in its account column and Region band, with the arrows between them."""
    model_accounts: dict[str, Any] = report.get("model", {}).get("accounts", {}) or {}
    summary_accounts: dict[str, Any] = report.get("summary", {}).get("accounts", {}) or {}
    accounts = sorted(set(model_accounts) | set(summary_accounts))
    flows = report.get("flows", [])
    cells = _Cells(flows)
    regions: set[str] = set()
    for acct in accounts:
        for region in summary_accounts.get(acct, {}).get("regions", []):
            if region != "global":
                regions.add(region)
        info = model_accounts.get(acct, {}) or {}
        for region, content in (info.get("regions", {}) or {}).items():
            regions.add(region)
            cells.region(acct, region, content)
        for lst in _ACCOUNT_LISTS:
            if info.get(lst):
                regions.add("global")
                cells.others((acct, "global"), info[lst])

    # failing flows nothing on the map names still get a red marker where their ARNs point
    for i, _names, places in cells.failing:
        if i in cells.drawn:
            continue
        for acct, region in sorted(places) or [(accounts[0] if accounts else "unknown", "global")]:
            regions.add(region)
            if acct not in accounts:
                accounts.append(acct)
            cells.cells.setdefault((acct, region), []).insert(
                0, Node(f"flow:{i}", short_label(flows[i].get("name", "flow")), "flow", failing_flow=i,
                        title=f"{flows[i].get('kind')}: {flows[i].get('name')}"))
    return _place(accounts, sorted(regions, key=lambda r: (r == "global", r)), cells, summary_accounts)


def _place(accounts: list[str], regions: list[str], cells: _Cells, summary_accounts: dict[str, Any]) -> MapLayout:
    layout = MapLayout(width=LEFT + max(1, len(accounts)) * (COL_W + COL_GAP), height=HEAD_H)
    for i, acct in enumerate(accounts):
        layout.columns.append(Column(acct, LEFT + i * (COL_W + COL_GAP),
                                     bool(summary_accounts.get(acct, {}).get("assumed"))))
    col_x = {c.account: c.x for c in layout.columns}
    y = HEAD_H
    positions: dict[str, tuple[int, int]] = {f"account:{c.account}": (c.x + COL_W // 2, HEAD_H - 8)
                                              for c in layout.columns}
    for region in regions:
        rows = max([len(cells.cells.get((a, region), [])) for a in accounts] or [1]) or 1
        band = Band(region, y, rows * ROW_H + 2 * BAND_PAD)
        layout.bands.append(band)
        for acct in accounts:
            for j, node in enumerate(cells.cells.get((acct, region), [])):
                node.x, node.y = col_x[acct] + 8, y + BAND_PAD + j * ROW_H
                layout.nodes.append(node)
                for ident in (node.id, node.title, *node.aliases):
                    if ident:
                        positions.setdefault(ident, (node.x, node.y + ROW_H // 2 - 4))
        y += band.height
    layout.height = y + 10

    for i, e in enumerate(cells.edges):
        start = positions.get(e.src) or next((p for k, p in positions.items() if e.src in k), None)
        end = positions.get(e.dst) or next((p for k, p in positions.items() if e.dst in k), None)
        if not (start and end) or start == end:
            continue
        if start[0] == end[0] and e.kind != "launch":
            # same column: leave and re-enter on the right, staggered so parallel arrows stay apart
            e.x1, e.y1, e.x2, e.y2, e.bend = start[0] + NODE_W, start[1], end[0] + NODE_W, end[1], 14 + 5 * (i % 4)
        else:
            e.x1, e.y1, e.x2, e.y2 = start[0] + NODE_W, start[1], end[0] - (0 if e.kind == "launch" else 2), end[1]
            e.bend = 40
        layout.edges.append(e)
    return layout


def icon(kind: str) -> str:
    return _ICON.get(kind, "•")
