from __future__ import annotations

from iacsim.rules.parse.rule import ParseRule


class YamlAliasExpansion(ParseRule):
    """YAML aliases expand beyond the limit (a "billion laughs" document).

    What it does:
        Counts a YAML document's ``*alias`` references (``limits.max_yaml_aliases``, default 10,000) and the
        number of nodes it would have with every alias expanded (``limits.max_yaml_nodes``, default
        1,000,000) before building it, and refuses recursive aliases.
    Why it matters:
        Ten anchors that each repeat the previous one ten times expand to 10^10 nodes: every tool that walks
        the template as a tree runs until it is killed.
    Example:
        ```yaml
        a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]
        a1: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]
        # … up to a9
        ```
    Fix:
        Remove the anchors; CloudFormation itself does not need them.
    References:
        https://yaml.org/spec/1.2.2/#3222-anchors-and-aliases
    """

    id = "PARSE008"
    name = "yaml-alias-expansion"
    summary = 'YAML aliases expand beyond the limit (a "billion laughs" document)'
    severity = "high"
