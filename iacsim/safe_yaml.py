"""YAML that cannot explode: a safe loader that bounds alias expansion and nesting before building data.

PyYAML composes ``*alias`` references as shared nodes, so a "billion laughs" document (ten anchors,
each a list of ten aliases to the previous one) loads quickly into shared lists — and then every
consumer that walks it as a tree (duplicate-key checks, intrinsic evaluation, the model) visits
10^10 items. :class:`BoundedSafeLoader` walks the composed node graph once, without recursion,
before anything is constructed: it counts alias references, the size the document would have with
every alias expanded and its nesting depth, and refuses the document (:class:`LimitExceeded` naming
the line) when one passes :class:`iacsim.bounds.Limits`. A recursive alias (an anchor used inside
itself) is refused too.

The base is PyYAML's safe loader (libyaml's when available): no tag ever constructs a Python
object; unknown ``!!python/…`` tags are a syntax error.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from iacsim.bounds import ALIAS_EXPANSION, TOO_DEEP, LimitExceeded, Limits

_SafeBase: type = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
"""libyaml's parser (when PyYAML was built with it) reads large files ~5x faster than the pure-Python one."""


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


_ALIAS = re.compile(r"(?:^|[\s\[{,])\*[^\s,\[\]{}]")
"""Where an ``*alias`` token could start; ``kms:*`` and ``'*'`` do not match, so most templates take the
fast path (the full walk stays correct for any text that does match)."""


def _too_deep(node: yaml.Node, limits: Limits) -> LimitExceeded:
    return LimitExceeded(node.start_mark.line + 1, f"YAML nests too deeply: more than {limits.max_depth} levels "
                                                   "(limits.max_depth); the document is not read", TOO_DEEP)


def check_tree_depth(root: yaml.Node, limits: Limits) -> None:
    """Depth alone, for a document without aliases (a tree: its size is bounded by the text)."""
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    scalar = yaml.ScalarNode
    while stack:
        node, depth = stack.pop()
        if depth > limits.max_depth:
            raise _too_deep(node, limits)
        if isinstance(node, yaml.SequenceNode):
            stack.extend((k, depth + 1) for k in node.value if type(k) is not scalar)
        elif isinstance(node, yaml.MappingNode):
            stack.extend((v, depth + 1) for _, v in node.value if type(v) is not scalar)


def check_node_graph(root: yaml.Node, limits: Limits) -> None:
    """Raise :class:`LimitExceeded` when ``root``'s graph is too big, too deep or aliased too often.

    Post-order over the graph with an explicit stack; each distinct node is expanded once and its
    expanded size and depth memoised, so the cost is linear in the document as written.
    """
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    on_path: set[int] = set()
    aliases = 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            kids = _children(node)
            size[key] = 1 + sum(size[id(k)] for k in kids)
            depth[key] = 1 + max((depth[id(k)] for k in kids), default=0)
            line = node.start_mark.line + 1
            if size[key] > limits.max_yaml_nodes:
                raise LimitExceeded(line, f"YAML aliases expand this node to more than {limits.max_yaml_nodes:,} "
                                          "nodes (limits.max_yaml_nodes); the document is not read",
                                    ALIAS_EXPANSION)
            if depth[key] > limits.max_depth:
                raise _too_deep(node, limits)
            continue
        if key in size:  # a node seen before: this reference is an alias
            aliases += 1
            if aliases > limits.max_yaml_aliases:
                raise LimitExceeded(node.start_mark.line + 1,
                                    f"YAML document uses more than {limits.max_yaml_aliases:,} aliases "
                                    "(limits.max_yaml_aliases); the document is not read", ALIAS_EXPANSION)
            continue
        if key in on_path:
            raise LimitExceeded(node.start_mark.line + 1, "YAML anchor is used inside itself (a recursive "
                                                          "alias); the document is not read", ALIAS_EXPANSION)
        on_path.add(key)
        stack.append((node, True))
        stack.extend((k, False) for k in reversed(_children(node)))


class BoundedSafeLoader(_SafeBase):  # type: ignore[misc]
    """A safe loader that checks the composed document with :func:`check_node_graph` first.

    Set ``limits`` on the instance (or use :func:`load`); the class default is :class:`Limits`'s.
    """

    limits: Limits = Limits()
    may_alias: bool = True
    """False when the text has no ``*alias`` token: only depth needs checking then."""

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        (check_node_graph if self.may_alias else check_tree_depth)(node, self.limits)
        return self.construct_document(node)


def load(text: str, limits: Limits | None = None, loader: type[BoundedSafeLoader] = BoundedSafeLoader) -> Any:
    """One YAML document as plain data, within ``limits``; YAML errors propagate as ``yaml.YAMLError``."""
    instance = loader(text)
    instance.may_alias = _ALIAS.search(text) is not None
    if limits is not None:
        instance.limits = limits
    try:
        return instance.get_single_data()
    finally:
        instance.dispose()
