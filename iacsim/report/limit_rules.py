"""``PARSE`` rules for input over a reading limit (:mod:`iacsim.load.limits`), with their documentation.

Each limit hit is a finding naming the file and line; the file is skipped and the rest of the
scan is complete. The limits are ``limits`` in ``.iacsim.yml`` (:class:`iacsim.config.Limits`).
"""

from __future__ import annotations

from dataclasses import dataclass

from iacsim.load.limits import ALIAS_EXPANSION, NOT_TEXT, OUTSIDE_ROOT, TOO_DEEP, TOO_LARGE


@dataclass(frozen=True)
class LimitRule:
    rule_id: str
    short: str
    severity: str
    docs: str
    """Markdown with the sections every rule documents (What it does … References)."""


_YAML_REF = "https://yaml.org/spec/1.2.2/#3222-anchors-and-aliases"
_CFN_REF = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html"

LIMIT_RULES: dict[str, LimitRule] = {
    TOO_LARGE: LimitRule("PARSE006", "A file is larger than the size limit and was skipped unread", "low", """\
**What it does**

Reports every candidate file (``.tf``, ``.tf.json``, YAML, JSON, ``.template``) larger than
``limits.max_file_bytes`` (default 20 MiB), from its size alone: the file is never opened.

**Why it matters**

No hand-written template, module or plan comes near the limit; such a file is generated data or
an attack on the scanner's memory. Its resources are not simulated, so say so instead of silently
missing them.

**Example**

A 50 MB ``dump.json`` beside the templates.

**Fix**

Move generated data out of the scanned tree, or raise ``limits: {max_file_bytes: …}`` in
``.iacsim.yml`` if the file really is infrastructure code.

**References**

- [CloudFormation quotas (template body size)](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html)
"""),
    TOO_DEEP: LimitRule("PARSE007", "A file nests deeper than the nesting limit", "high", f"""\
**What it does**

Counts how deep brackets (JSON, HCL) or collections (YAML) nest before any parser builds the
document, and refuses files deeper than ``limits.max_depth`` (default 128).

**Why it matters**

Readers recurse once per level; a 100,000-deep array would end the scan with ``RecursionError``
and no report. Real templates nest a few dozen levels at most.

**Example**

``{{"Resources": {{"A": [[[[[[ … 100,000 levels … ]]]]]]}}}}``

**Fix**

Flatten the document; raise ``limits: {{max_depth: …}}`` only for genuinely deep generated input.

**References**

- [CloudFormation template formats]({_CFN_REF})
"""),
    ALIAS_EXPANSION: LimitRule("PARSE008", "YAML aliases expand beyond the limit (a \"billion laughs\" document)",
                               "high", f"""\
**What it does**

Counts a YAML document's ``*alias`` references (``limits.max_yaml_aliases``, default 10,000) and the
number of nodes it would have with every alias expanded (``limits.max_yaml_nodes``, default
1,000,000) before building it, and refuses recursive aliases.

**Why it matters**

Ten anchors that each repeat the previous one ten times expand to 10^10 nodes: every tool that walks
the template as a tree runs until it is killed.

**Example**

```yaml
a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]
a1: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]
# … up to a9
```

**Fix**

Remove the anchors; CloudFormation itself does not need them.

**References**

- [YAML 1.2 anchors and aliases]({_YAML_REF})
"""),
    NOT_TEXT: LimitRule("PARSE009", "A file is binary or not UTF-8", "low", f"""\
**What it does**

Looks for a NUL byte in a candidate file's first 8 KiB (binary) and decodes the rest as UTF-8;
either failure is reported once, with the line of the first bad byte, and the file is skipped.

**Why it matters**

Terraform and CloudFormation read UTF-8 only; a binary file with a template's name is not what it
claims to be, and guessing an encoding would simulate something other than what deploys.

**Example**

A ``stack.json`` saved as UTF-16, or a compressed file named ``main.tf``.

**Fix**

Save the file as UTF-8, or rename files that are not infrastructure code.

**References**

- [CloudFormation template formats]({_CFN_REF})
- [Terraform configuration syntax (UTF-8)](https://developer.hashicorp.com/terraform/language/syntax/configuration)
"""),
    OUTSIDE_ROOT: LimitRule("PARSE010", "A path leads outside the scanned roots or loops (symlink, module source)",
                            "low", """\
**What it does**

Resolves symlinked files, local module sources and ``.terraform/modules`` entries to their real
location and refuses any that lies outside the paths given on the command line, or that is a
symlink loop. ``file()``, ``templatefile()`` and ``fileexists()`` outside the roots give an unknown
value instead of the file's content.

**Why it matters**

A scanned repository must not make iacsim read (and print into a report) ``/etc/passwd`` or another
checkout on the build machine, and a symlink loop must not hang the scan.

**Example**

``ln -s /etc/passwd stack.yaml``, or ``module "x" { source = "../../../../" }``.

**Fix**

Scan a directory that contains everything the code refers to, or replace the link with the file.

**References**

- [Terraform module sources (local paths)](https://developer.hashicorp.com/terraform/language/modules/sources#local-paths)
"""),
}
