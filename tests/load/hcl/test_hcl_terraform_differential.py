"""Random expressions, evaluated by iacsim and by ``terraform console``, must agree.

A seeded generator builds nested calls of the functions real modules use,
operators, templates and ``for`` expressions; Terraform evaluates them all in
one console run (each wrapped in ``try`` so one failure does not hide the
rest). An expression Terraform fails on must be Unknown in iacsim. Skipped
(visibly) when the ``terraform`` binary is not on PATH; no network, no configuration.
"""

from __future__ import annotations

import base64
import random
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from iacsim.load.hcl import EvalContext, evaluate, parse_expression
from iacsim.load.hcl.functions.encoding import json_encode
from iacsim.values import first_unknown

Console = Callable[[Path, str], subprocess.CompletedProcess[str]]

STRINGS = [
    '"a"',
    '"B c"',
    '""',
    '"x,y,,z"',
    '"héllo"',
    '"<&>"',
    '"12"',
    '"1.5"',
    '"true"',
    '"  pad  "',
    '"a-b_c"',
]
NUMBERS = ["0", "1", "-2", "3.5", "10", "0.25", "1e3", "-0.5", "100"]
LISTS = ['["a", "b"]', "[]", '["x", "y", "x"]', '["1", "2"]', '[""]']
MAPS = ['{a = "1", b = "2"}', "{}", '{"k y" = "v"}', '{z = "last", a = "first"}']
TIMESTAMPS = ['"2017-11-22T00:00:00Z"', '"2024-02-29T23:59:59+05:30"', '"1999-12-31T12:30:00.5-08:00"',
              '"2017-11-22"', '"2020-01-01T00:00:00Z"']
DURATIONS = ['"10m"', '"-1h30m"', '"1.5h"', '"9000h"', '"250ms"', '"0"', '"1x"', '"-0.5s"', '"2h45m30s"']
DATE_FORMATS = ['"DD MMM YYYY hh:mm ZZZ"', '"EEEE, YY-M-D H:m:s aa"', "\"YYYY-MM-DD'T'hh:mm:ssZ\"",
                '"EEE HHAA ZZZZ ZZZZZ"', '"MMMM"', '"YYY"', "\"h'h'mm ''\""]
TEXT_ENCODINGS = ['"UTF-8"', '"UTF-16LE"', '"UTF-16BE"', '"ISO-8859-1"', '"windows-1252"', '"NOT-EXISTS"']


class Generator:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def pick(self, options: list[Callable[[], str]]) -> str:
        return self.r.choice(options)()

    def s(self, d: int) -> str:
        if d <= 0 or self.r.random() < 0.4:
            return self.r.choice(STRINGS)
        c = self.r.choice
        return self.pick([
            lambda: f"upper({self.s(d - 1)})", lambda: f"lower({self.s(d - 1)})", lambda: f"title({self.s(d - 1)})",
            lambda: f"trimspace({self.s(d - 1)})", lambda: f"replace({self.s(d - 1)}, {c(STRINGS)}, {c(STRINGS)})",
            lambda: f"join({c(STRINGS)}, {self.l(d - 1)})", lambda: f'format("%s-%v", {self.s(d - 1)}, {self.n(d - 1)})',
            lambda: f'"${{{self.s(d - 1)}}}-${{{self.n(d - 1)}}}"',
            lambda: f"substr({self.s(d - 1)}, {c(['0', '1', '2'])}, {c(['-1', '1', '3'])})",
            lambda: f"jsonencode({self.v(d - 1)})", lambda: f"tostring({self.n(d - 1)})",
            lambda: f"element({self.l(d - 1)}, {c(['0', '1', '5'])})", lambda: f"strrev({self.s(d - 1)})",
            lambda: f"coalesce({self.s(d - 1)}, {self.s(d - 1)})", lambda: f"({self.b(d - 1)} ? {self.s(d - 1)} : {self.s(d - 1)})",
            lambda: f"lookup({self.m(d - 1)}, {c(STRINGS)}, {self.s(d - 1)})", lambda: f"base64encode({self.s(d - 1)})",
            lambda: f'format("%5.2f|%d", {self.n(d - 1)}, 7)', lambda: f"sha1({self.s(d - 1)})",
            lambda: f"timeadd({self.ts(d - 1)}, {c(DURATIONS)})", lambda: f"formatdate({c(DATE_FORMATS)}, {self.ts(d - 1)})",
            lambda: f"textencodebase64({self.s(d - 1)}, {c(TEXT_ENCODINGS)})", lambda: f"base64gzip({self.s(d - 1)})",
            lambda: f"textdecodebase64(textencodebase64({self.s(d - 1)}, {c(TEXT_ENCODINGS)}), {c(TEXT_ENCODINGS)})",
        ])  # fmt: skip

    def ts(self, d: int) -> str:
        """A timestamp: literal, or moved by timeadd."""
        if d <= 0 or self.r.random() < 0.5:
            return self.r.choice(TIMESTAMPS)
        return f"timeadd({self.ts(d - 1)}, {self.r.choice(DURATIONS)})"

    def n(self, d: int) -> str:
        if d <= 0 or self.r.random() < 0.4:
            return self.r.choice(NUMBERS)
        c = self.r.choice
        return self.pick([
            lambda: f"({self.n(d - 1)} + {self.n(d - 1)})", lambda: f"({self.n(d - 1)} * {self.n(d - 1)})",
            lambda: f"({self.n(d - 1)} - {self.n(d - 1)})", lambda: f"({self.n(d - 1)} / {c(['2', '4', '5', '8'])})",
            lambda: f"({self.n(d - 1)} % {c(['3', '2', '7'])})", lambda: f"length({c([self.s, self.l, self.m])(d - 1)})",
            lambda: f"max({self.n(d - 1)}, {self.n(d - 1)})", lambda: f"min({self.n(d - 1)}, {self.n(d - 1)})",
            lambda: f"abs({self.n(d - 1)})", lambda: f"ceil({self.n(d - 1)})", lambda: f"floor({self.n(d - 1)})",
            lambda: "tonumber(" + c(['"3"', '"2.5"', self.n(d - 1)]) + ")", lambda: f"sum({c(['[1, 2.5]', '[0.5, 3]'])})",
            lambda: f"timecmp({self.ts(d - 1)}, {self.ts(d - 1)})",
        ])  # fmt: skip

    def b(self, d: int) -> str:
        if d <= 0 or self.r.random() < 0.3:
            return self.r.choice(["true", "false"])
        return self.pick([
            lambda: f"({self.n(d - 1)} > {self.n(d - 1)})", lambda: f"({self.s(d - 1)} == {self.s(d - 1)})",
            lambda: f"contains({self.l(d - 1)}, {self.s(d - 1)})", lambda: f"startswith({self.s(d - 1)}, {self.s(0)})",
            lambda: f"({self.b(d - 1)} && {self.b(d - 1)})", lambda: f"({self.b(d - 1)} || {self.b(d - 1)})",
            lambda: f"can({self.s(d - 1)})", lambda: f"alltrue([{self.b(d - 1)}, {self.b(d - 1)}])",
        ])  # fmt: skip

    def l(self, d: int) -> str:  # noqa: E743 - l for list, beside s/n/b/m
        if d <= 0 or self.r.random() < 0.3:
            return self.r.choice(LISTS)
        return self.pick([
            lambda: f"concat({self.l(d - 1)}, {self.l(d - 1)})", lambda: f"distinct({self.l(d - 1)})",
            lambda: f"compact({self.l(d - 1)})", lambda: f"sort({self.l(d - 1)})", lambda: f"reverse({self.l(d - 1)})",
            lambda: f'split(",", {self.s(d - 1)})', lambda: f"keys({self.m(d - 1)})", lambda: f"values({self.m(d - 1)})",
            lambda: f"[for x in {self.l(d - 1)} : upper(x)]",
            lambda: f'[for i, x in {self.l(d - 1)} : "${{i}}${{x}}" if x != ""]',
            lambda: f"flatten([{self.l(d - 1)}, [{self.l(d - 1)}]])", lambda: f"tolist(toset({self.l(d - 1)}))",
            lambda: f'formatlist("<%s>", {self.l(d - 1)})', lambda: f"setunion({self.l(d - 1)}, {self.l(d - 1)})",
            lambda: f'regexall("[a-z]+", {self.s(d - 1)})', lambda: f"[{self.s(d - 1)}, {self.s(d - 1)}]",
            lambda: f'[for k, v in {self.m(d - 1)} : "${{k}}=${{v}}"]',
        ])  # fmt: skip

    def m(self, d: int) -> str:
        if d <= 0 or self.r.random() < 0.3:
            return self.r.choice(MAPS)
        return self.pick([
            lambda: f"merge({self.m(d - 1)}, {self.m(d - 1)})", lambda: f"zipmap({self.l(d - 1)}, {self.l(d - 1)})",
            lambda: f"{{for x in {self.l(d - 1)} : x => upper(x)...}}",
            lambda: f"{{for k, v in {self.m(d - 1)} : upper(k) => v}}", lambda: f"tomap({self.m(d - 1)})",
            lambda: f"{{a = {self.s(d - 1)}, b = {self.n(d - 1)}}}", lambda: f"jsondecode(jsonencode({self.m(d - 1)}))",
        ])  # fmt: skip

    def v(self, d: int) -> str:
        return self.r.choice([self.s, self.n, self.b, self.l, self.m])(d)


def _iacsim(expr: str) -> str | None:
    value = evaluate(parse_expression(expr), EvalContext())
    return None if first_unknown(value) is not None else json_encode(value)


@pytest.mark.terraform
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_expressions_agree_with_terraform(
    terraform_console: Console, tmp_path: Path, seed: int
) -> None:
    gen = Generator(seed)
    exprs = [gen.v(3) for _ in range(200)]
    batch = 'join(",", [' + ", ".join(f'try(base64encode(jsonencode({e})), "-")' for e in exprs) + "])"
    done = terraform_console(tmp_path, batch)
    assert done.returncode == 0, done.stdout + done.stderr
    live = [
        None if part == "-" else base64.b64decode(part).decode()
        for part in done.stdout.strip().strip('"').split(",")
    ]
    mismatches = [(e, want, _iacsim(e)) for e, want in zip(exprs, live, strict=True) if _iacsim(e) != want]
    assert mismatches == []
