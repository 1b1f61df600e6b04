"""Expressions compared with Terraform itself.

``VALUE_CASES`` pairs an expression with the output of
``terraform console`` for ``jsonencode(<expression>)`` (Terraform v1.11.4),
so the exact bytes — key order, escaping, number rendering — are checked.
``ERROR_CASES`` are expressions Terraform rejects; iacsim must answer Unknown
(never crash, never invent a value).

The recorded outputs are checked on every run; where the ``terraform`` binary
is on PATH, the ``terraform``-marked tests re-run the table against it, so the
recording cannot drift from the real thing. The console runs in an empty
temporary directory with the version check disabled: no network, no config.

Known, deliberate differences (not in the table): Terraform's numbers are
512-bit binary floats, so a non-terminating division (``10 / 3``) or a
fractional ``range`` step prints ~150 digits there and a float64 here.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from iacsim.load.hcl import EvalContext, evaluate, parse_expression, parse_file
from iacsim.load.hcl.functions.encoding import json_encode
from iacsim.values import Unknown, first_unknown

Console = Callable[[Path, str], subprocess.CompletedProcess[str]]
"""The ``terraform_console`` fixture (conftest.py): runs one console line in a directory."""

VALUE_CASES: list[tuple[str, str]] = [
    ("1 + 2 * 3 - 4", "3"),
    ("(1 + 2) * 3", "9"),
    ("7 / 2", "3.5"),
    ("-7 % 3", "-1"),
    ("0.1 + 0.2", "0.3"),
    ("1e3", "1000"),
    ("2.5e-3 * 2", "0.005"),
    ("1 < 2 && !(3 >= 4) || false", "true"),
    ('"a" == "a" && 1 != "1"', "true"),
    ('[1, "a"] == [1, "a"]', "true"),
    ("{a = 1} == {a = 1}", "true"),
    ('true ? "yes" : "no"', '"yes"'),
    ("1 > 2 ? 1 : 2", "2"),
    ('"x-${1 + 1}-${true}-${"s"}"', '"x-2-true-s"'),
    ('"%{ if 1 > 0 }pos%{ else }neg%{ endif }"', '"pos"'),
    ('"%{ for i, v in ["a", "b"] }${i}=${v};%{ endfor }"', '"0=a;1=b;"'),
    ('"a  %{~ if true ~}  b  %{~ endif ~}  c"', '"abc"'),
    ('"$${literal} %%{literal}"', '"${literal} %{literal}"'),
    ('"\\u00e9\\t\\"q\\"\\\\"', '"é\\t\\"q\\"\\\\"'),
    ("[for x in [1, 2, 3] : x * 10]", "[10,20,30]"),
    ('[for i, x in ["a", "b"] : "${i}:${x}"]', '["0:a","1:b"]'),
    ("[for x in [1, 2, 3, 4] : x if x % 2 == 0]", "[2,4]"),
    ("{for k, v in {a = 1, b = 2} : v => k}", '{"1":"a","2":"b"}'),
    ('{for s in ["a", "bb", "cc"] : length(s) => s...}', '{"1":["a"],"2":["bb","cc"]}'),
    ("{for k, v in {b = 2, a = 1} : upper(k) => v * 2}", '{"A":2,"B":4}'),
    ("[{a = 1}, {a = 2}][*].a", "[1,2]"),
    ("[{a = {b = 1}}, {a = {b = 2}}].*.a.b", "[1,2]"),
    ("{a = 1}[*]", '[{"a":1}]'),
    ("[[1, 2], [3, 4]][*][0]", "[1,3]"),
    ("{a = [1, 2]}.a[1]", "2"),
    ('{"k" = {x = "y"}}["k"].x', '"y"'),
    (
        'jsonencode({b = "<tag>&", a = [1, 2.5, true, null], c = {}})',
        '"{\\"a\\":[1,2.5,true,null],\\"b\\":\\"\\\\u003ctag\\\\u003e\\\\u0026\\",\\"c\\":{}}"',
    ),
    ('jsonencode("line\\nbreak\\ttab\\u2028\\u2029")', '"\\"line\\\\nbreak\\\\ttab\\\\u2028\\\\u2029\\""'),
    ('jsonencode({"z" = 1, "a" = {"y" = 2, "b" = 3}})', '"{\\"a\\":{\\"b\\":3,\\"y\\":2},\\"z\\":1}"'),
    ("jsonencode([1.0, 100, 1e21, 0.000001, -0])", '"[1,100,1000000000000000000000,0.000001,-0]"'),
    (
        'jsonencode({Version = "2012-10-17", Statement = [{Sid = "Enable", Effect = "Allow", Principal = {AWS = "arn:aws:iam::111111111111:root"}, Action = "kms:*", Resource = "*"}]})',
        '"{\\"Statement\\":[{\\"Action\\":\\"kms:*\\",\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"AWS\\":\\"arn:aws:iam::111111111111:root\\"},\\"Resource\\":\\"*\\",\\"Sid\\":\\"Enable\\"}],\\"Version\\":\\"2012-10-17\\"}"',
    ),
    ('jsondecode("{\\"b\\": 1.50, \\"a\\": [1e2, null, true]}")', '{"a":[100,null,true],"b":1.5}'),
    ("merge({a = 1, b = 2}, {b = 3}, null, {c = 4})", '{"a":1,"b":3,"c":4}'),
    ('concat([1], [], ["a"])', '[1,"a"]'),
    ("flatten([[1, [2]], [], [[[3]]]])", "[1,2,3]"),
    ('distinct(["a", "b", "a", "c", "b"])', '["a","b","c"]'),
    ('compact(["a", "", "b"])', '["a","b"]'),
    ("keys({z = 1, a = 2})", '["a","z"]'),
    ("values({z = 1, a = 2})", "[2,1]"),
    ('lookup({a = "x"}, "b", "dflt")', '"dflt"'),
    ('lookup({a = "x"}, "a")', '"x"'),
    ('element(["a", "b", "c"], 4)', '"b"'),
    ('length("héllo")', "5"),
    ("length({a = 1, b = 2})", "2"),
    ('contains(["a", "b"], "b")', "true"),
    ('zipmap(["b", "a"], [1, 2])', '{"a":2,"b":1}'),
    ('coalesce("", "x", "y")', '"x"'),
    ('coalescelist([], ["a"])', '["a"]'),
    ('try(tonumber("nope"), "fallback")', '"fallback"'),
    ('try({a = 1}.b, "missing")', '"missing"'),
    ('can(tonumber("12"))', "true"),
    ('can(regex("^[0-9]+$", "12a"))', "false"),
    (
        'format("%s-%03d-%.2f-%t-%5s|%-5s|%x", "a", 7, 3.14159, true, "r", "l", 255)',
        '"a-007-3.14-true-    r|l    |ff"',
    ),
    ('format("%q", "a\\"b<")', '"\\"a\\\\\\"b\\\\u003c\\""'),
    ('format("%v %v %#v", [1, "a"], {k = "v"}, "s")', '"[1,\\"a\\"] {\\"k\\":\\"v\\"} \\"s\\""'),
    ('formatlist("%s=%d", ["a", "b"], [1, 2])', '["a=1","b=2"]'),
    ('join("-", ["a", "b"], ["c"])', '"a-b-c"'),
    ('split(",", "a,,b")', '["a","","b"]'),
    ('replace("hello world", "o", "0")', '"hell0 w0rld"'),
    ('replace("a1b22c", "/[0-9]+/", "#")', '"a#b#c"'),
    ('replace("2024-01-15", "/(\\\\d+)-(\\\\d+)-(\\\\d+)/", "$3/$2/$1")', '"15/01/2024"'),
    ('lower("ÀBC")', '"àbc"'),
    ('upper("abc")', '"ABC"'),
    ('title("hello world-foo")', '"Hello World-Foo"'),
    ('trimprefix("prefix-body", "prefix-")', '"body"'),
    ('trimsuffix("body.tf", ".tf")', '"body"'),
    ('trimspace("  \\n x y \\t")', '"x y"'),
    ('trim("?!hello?!", "!?")', '"hello"'),
    ('startswith("arn:aws:kms", "arn:")', "true"),
    ('endswith("key.json", ".yaml")', "false"),
    ('strrev("abc")', '"cba"'),
    ('substr("hello world", 6, 5)', '"world"'),
    ('substr("hello", -3, -1)', '"llo"'),
    ('regex("^arn:aws:([a-z]+):", "arn:aws:kms:us-east-1")', '["kms"]'),
    (
        'regex("(?P<svc>[a-z]+):(?P<region>[a-z0-9-]+)", "kms:eu-west-1")',
        '{"region":"eu-west-1","svc":"kms"}',
    ),
    ('regexall("[0-9]+", "a1b22c333")', '["1","22","333"]'),
    ("tostring(12.50)", '"12.5"'),
    ('tonumber("0.5")', "0.5"),
    ('tobool("true")', "true"),
    ('tolist(["a", 1, true])', '["a","1","true"]'),
    ('toset(["b", "a", "b"])', '["a","b"]'),
    ('tomap({a = 1, b = "x"})', '{"a":"1","b":"x"}'),
    ("one([])", "null"),
    ('one(["x"])', '"x"'),
    ("range(3)", "[0,1,2]"),
    ("range(1, 10, 3)", "[1,4,7]"),
    ("range(5, 0, -2)", "[5,3,1]"),
    ('base64encode("héllo")', '"aMOpbGxv"'),
    ('base64decode("aMOpbGxv")', '"héllo"'),
    ('sha256("hello")', '"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"'),
    ('md5("hello")', '"5d41402abc4b2a76b9719d911017c592"'),
    ('sha1("hello")', '"aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d"'),
    ("max(1, 5, 3)", "5"),
    ("min(-1, 2.5)", "-1"),
    ("abs(-3.5)", "3.5"),
    ("ceil(1.2)", "2"),
    ("floor(-1.2)", "-2"),
    ('sort(["b", "a", "c"])', '["a","b","c"]'),
    ("reverse([1, 2, 3])", "[3,2,1]"),
    ('slice(["a", "b", "c", "d"], 1, 3)', '["b","c"]'),
    ('setunion(["a", "b"], ["b", "c"])', '["a","b","c"]'),
    ('setintersection(["a", "b"], ["b", "c"])', '["b"]'),
    ('setproduct(["a", "b"], [1, 2])', '[["a",1],["a",2],["b",1],["b",2]]'),
    ('setsubtract(["a", "b", "c"], ["b"])', '["a","c"]'),
    ("chunklist([1, 2, 3, 4, 5], 2)", "[[1,2],[3,4],[5]]"),
    ('index(["a", "b", "c"], "b")', "1"),
    ("sum([1, 2, 3.5])", "6.5"),
    ('alltrue([true, "true"])', "true"),
    ("anytrue([false, false])", "false"),
    ('nonsensitive(sensitive("s"))', '"s"'),
    ('cidrsubnet("10.0.0.0/16", 8, 2)', '"10.0.2.0/24"'),
    ('cidrsubnets("10.0.0.0/16", 4, 4, 8)', '["10.0.0.0/20","10.0.16.0/20","10.0.32.0/24"]'),
    ('cidrhost("10.0.0.0/24", 5)', '"10.0.0.5"'),
    ('cidrnetmask("10.0.0.0/20")', '"255.255.240.0"'),
    ('strcontains("hello", "ell")', "true"),
    ('chomp("text\\n\\n")', '"text"'),
    ('indent(2, "a\\nb")', '"a\\n  b"'),
    ('transpose({a = ["1", "2"], b = ["2"]})', '{"1":["a"],"2":["a","b"]}'),
    ('urlencode("a b&c=d/é")', '"a+b%26c%3Dd%2F%C3%A9"'),
    ('uuidv5("dns", "example.com")', '"cfbff0d1-9375-5685-968c-48ce8b15ae17"'),
    ('parseint("ff", 16)', "255"),
    ("pow(2, 10)", "1024"),
    ("signum(-5)", "-1"),
    ('matchkeys(["a", "b", "c"], ["x", "y", "z"], ["y"])', '["b"]'),
    ('dirname("foo/bar/baz.txt")', '"foo/bar"'),
    ('basename("foo/bar/baz.txt")', '"baz.txt"'),
    ('"${jsonencode({a = "b"})}"', '"{\\"a\\":\\"b\\"}"'),
    (
        'jsonencode("\\u0000\\u001f\\u007f\\u0080 é 😀 \\\\ / \'")',
        '"\\"\\\\u0000\\\\u001f\x7f\x80 é 😀 \\\\\\\\ / \'\\""',
    ),
    ("jsonencode(12345678901234567890)", '"12345678901234567890"'),
    ("jsonencode(-1.5e-10)", '"-0.00000000015"'),
    ("jsonencode(123.456e5)", '"12345600"'),
    ("jsonencode([])", '"[]"'),
    ("jsonencode({})", '"{}"'),
    ("jsonencode(null)", '"null"'),
    (
        'jsonencode({"b" = null, "a" = [[], {}], "A" = true, "_" = "x"})',
        '"{\\"A\\":true,\\"_\\":\\"x\\",\\"a\\":[[],{}],\\"b\\":null}"',
    ),
    ("jsonencode(tolist([1, 2]))", '"[1,2]"'),
    ('jsonencode(toset(["b", "a"]))', '"[\\"a\\",\\"b\\"]"'),
    ('jsonencode({for k in ["b", "a"] : k => upper(k)})', '"{\\"a\\":\\"A\\",\\"b\\":\\"B\\"}"'),
    (
        'jsonencode(jsondecode("{\\"x\\":[1,2,{\\"y\\":\\"<\\"}]}"))',
        '"{\\"x\\":[1,2,{\\"y\\":\\"\\\\u003c\\"}]}"',
    ),
    (
        'jsonencode({Statement = [{Condition = {StringEquals = {"kms:ViaService" = "ssm.us-east-1.amazonaws.com"}}, Principal = {AWS = ["arn:aws:iam::111111111111:role/a", "arn:aws:iam::222222222222:root"]}}]})',
        '"{\\"Statement\\":[{\\"Condition\\":{\\"StringEquals\\":{\\"kms:ViaService\\":\\"ssm.us-east-1.amazonaws.com\\"}},\\"Principal\\":{\\"AWS\\":[\\"arn:aws:iam::111111111111:role/a\\",\\"arn:aws:iam::222222222222:root\\"]}}]}"',
    ),
    ('jsondecode("[1, 2.0, 3.5]")', "[1,2,3.5]"),
    ('jsondecode("\\"s\\"")', '"s"'),
    ('"${true ? "a" : "b"}${false}"', '"afalse"'),
    ('true ? 1 : "a"', '"1"'),
    ('false ? "a" : 2', '"2"'),
    ("null == null", "true"),
    ('"1" == 1', "false"),
    ("[] == []", "true"),
    ("!true || (false && true)", "false"),
    ("-(-3)", "3"),
    ("5 - -2", "7"),
    ("3 % 2 + 10 / 4", "3.5"),
    ('"abc" != "abd"', "true"),
    ('"%{ for x in ["a", "b", "c"] ~}${x}%{ endfor ~}"', '"abc"'),
    ('"%{ if false }x%{ endif }"', '""'),
    ('"x %{~ for v in [1, 2] ~} ${v} %{~ endfor ~} y"', '"x12y"'),
    ('"${"nested ${"deep ${1 + 1}"}"}"', '"nested deep 2"'),
    ("[for v in {b = 2, a = 1} : v]", "[1,2]"),
    ("[for k, v in {b = 2, a = 1} : k]", '["a","b"]'),
    ('{for i, v in ["x", "y"] : v => i}', '{"x":0,"y":1}'),
    ('{for v in ["a", "b", "a"] : v => v...}', '{"a":["a","a"],"b":["b"]}'),
    ("[for x in [] : x]", "[]"),
    ("{for k, v in {} : k => v}", "{}"),
    ('[for s in ["a", "bb"] : upper(s) if length(s) > 1]', '["BB"]'),
    ('[{n = "a", v = [1]}, {n = "b", v = [2]}][*].v[0]', "[1,2]"),
    ("null[*]", "[]"),
    ('"scalar"[*]', '["scalar"]'),
    ("length([{a = 1}, {a = 2}][*].a)", "2"),
    ("merge({a = {x = 1}}, {a = {y = 2}})", '{"a":{"y":2}}'),
    ("merge()", "{}"),
    ("flatten([])", "[]"),
    ('distinct([1, "1", 1])', '["1"]'),
    ('lookup({}, "k", null)', "null"),
    ('element(["a"], 0)', '"a"'),
    ('contains([1, 2], "1")', "false"),
    ("zipmap([], [])", "{}"),
    ("coalesce(null, 2)", "2"),
    ('coalesce(null, "", "z")', '"z"'),
    ('try(["a"][5], {}.x, "third")', '"third"'),
    ('try(jsondecode("{"), "bad json")', '"bad json"'),
    ('can(["a"][0])', "true"),
    ('can(["a"][1])', "false"),
    ('format("%%|%5.1f|%-6d|%+d|%06.2f", 2.25, 42, 3, -1.5)', '"%|  2.2|42    |+3|-01.50"'),
    ('format("%[2]s %[1]s", "a", "b")', '"b a"'),
    ('format("%e", 1234.5678)', '"1.234568e+03"'),
    ('format("%b %o %X %#x", 5, 8, 255, 255)', '"101 10 FF 0xff"'),
    ('format("%s", 1.25)', '"1.25"'),
    ('format("%d", "12")', '"12"'),
    ('formatlist("%s", "one")', '["one"]'),
    ('formatlist("%s-%s", ["a", "b"], "x")', '["a-x","b-x"]'),
    ('join(",", [])', '""'),
    ('join(", ", [1, true, "s"])', '"1, true, s"'),
    ('split(",", "")', '[""]'),
    ('split(", ", "a, b, c")', '["a","b","c"]'),
    ('replace("aaa", "a", "bb")', '"bbbbbb"'),
    ('replace("foo.bar", "/\\\\./", "-")', '"foo-bar"'),
    ('replace("key=val", "/(?P<k>\\\\w+)=(?P<v>\\\\w+)/", "$v=$k")', '"val=key"'),
    ('replace("x", "/x/", "$$1")', '"$1"'),
    ('lower("MiXeD 123")', '"mixed 123"'),
    ('title("aws_kms_key")', '"Aws_kms_key"'),
    ('trimspace("")', '""'),
    ('substr("héllo", 1, 3)', '"éll"'),
    ('substr("abc", 0, 0)', '""'),
    ('regex("[a-z]+", "123abc456")', '"abc"'),
    ('regexall("(\\\\w)(\\\\d)", "a1b2")', '[["a","1"],["b","2"]]'),
    ('regexall("x", "yyy")', "[]"),
    ('regex("^(?i)ARN", "arn:aws")', '"arn"'),
    ("tostring(null)", "null"),
    ("tostring(true)", '"true"'),
    ("tostring(100)", '"100"'),
    ('tonumber("-1.5e2")', "-150"),
    ("tonumber(null)", "null"),
    ("tobool(null)", "null"),
    ("tolist([])", "[]"),
    ("toset([3, 1, 2, 1])", "[1,2,3]"),
    ("toset([true, false, true])", "[false,true]"),
    ("tomap({})", "{}"),
    ('one(toset(["only"]))', '"only"'),
    ("range(0)", "[]"),
    ("range(-3)", "[0,-1,-2]"),
    ("range(2, -2)", "[2,1,0,-1]"),
    ("range(0, 1, 0.25)", "[0,0.25,0.5,0.75]"),
    ('base64encode("")', '""'),
    ('base64encode("a")', '"YQ=="'),
    ('base64decode("")', '""'),
    ('sha256("")', '"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"'),
    (
        'sha512("abc")',
        '"ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"',
    ),
    ('base64sha256("hello")', '"LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ="'),
    ("max(-1, -5)", "-1"),
    ("min(3)", "3"),
    ("max([1, 9, 4]...)", "9"),
    ("abs(0)", "0"),
    ("ceil(5)", "5"),
    ("floor(5.9999)", "5"),
    ("sort([])", "[]"),
    ('sort(["B", "a", "A", "b"])', '["A","B","a","b"]'),
    ("reverse([])", "[]"),
    ("slice([1, 2], 0, 0)", "[]"),
    ("setunion([1], [2, 1])", "[1,2]"),
    ('setproduct(["a"], ["x", "y"], [1])', '[["a","x",1],["a","y",1]]'),
    ('setintersection(["a"], [])', "[]"),
    ("chunklist([], 3)", "[]"),
    ("chunklist([1, 2, 3], 5)", "[[1,2,3]]"),
    ("sum([0.1, 0.2])", "0.3"),
    ("alltrue([])", "true"),
    ("anytrue([])", "false"),
    ('cidrsubnet("fd00::/56", 8, 255)', '"fd00:0:0:ff::/64"'),
    ('cidrhost("10.0.0.0/24", -1)', '"10.0.0.255"'),
    ('cidrsubnets("10.1.0.0/16", 8, 4, 8)', '["10.1.0.0/24","10.1.16.0/20","10.1.32.0/24"]'),
    ('uuidv5("url", "https://example.com/a")', '"6639460f-3425-5329-8097-a58f06127860"'),
    ('indent(4, "x\\n\\ny")', '"x\\n    \\n    y"'),
    ('chomp("a\\r\\n")', '"a"'),
    ('strrev("héllo")', '"olléh"'),
    ('trim("  xx  ", " ")', '"xx"'),
    ('urlencode("~-_.")', '"~-_."'),
    ("transpose({})", "{}"),
    ('"${[1]}"', "[1]"),
    ('"${null}"', "null"),
    ('substr("abc", 1, -5)', '"bc"'),
    ('"1" + 2', "3"),
    ('"3" * "4"', "12"),
    ('"10" > 9', "true"),
    ('[for k, v in toset(["b", "a"]) : "${k}${v}"]', '["aa","bb"]'),
    ('{for k, v in toset(["b", "a"]) : k => v}', '{"a":"a","b":"b"}'),
    ("tolist(toset([3, 1]))[0]", "1"),
    ('setproduct(toset(["a"]), toset([1, 2]))', '[["a",1],["a",2]]'),
    ('[for x in setunion(["b"], ["a"]) : x]', '["a","b"]'),
    (
        'yamlencode({b = "x", a = [1, "two", true, null], c = {d = {}, e = []}, "k y" = "multi\\nline", n = 1.5, s = "123", t = "true", u = "", v = "a: b", w = "#x", ue = "é"})',
        '"\\"a\\":\\n- 1\\n- \\"two\\"\\n- true\\n- null\\n\\"b\\": \\"x\\"\\n\\"c\\":\\n  \\"d\\": {}\\n  \\"e\\": []\\n\\"k y\\": |-\\n  multi\\n  line\\n\\"n\\": 1.5\\n\\"s\\": \\"123\\"\\n\\"t\\": \\"true\\"\\n\\"u\\": \\"\\"\\n\\"ue\\": \\"é\\"\\n\\"v\\": \\"a: b\\"\\n\\"w\\": \\"#x\\"\\n"',
    ),
    ("yamlencode([{a = 1}, [1, 2], []])", '"- \\"a\\": 1\\n- - 1\\n  - 2\\n- []\\n"'),
    ('yamlencode("s")', '"\\"s\\"\\n"'),
    ("yamlencode(1)", '"1\\n...\\n"'),
    ("yamlencode(null)", '"null\\n...\\n"'),
    ("yamlencode({})", '"{}\\n"'),
    ("yamlencode([])", '"[]\\n"'),
    ("yamlencode(true)", '"true\\n...\\n"'),
    (
        'yamlencode({lead = " a\\nb", nl = "a\\n", nl2 = "a\\n\\n", e = "\\n", q = "say \\"hi\\" \\\\ ok", tab = "a\\tb", ctl = "\\u0001"})',
        '"\\"ctl\\": \\"\\\\x01\\"\\n\\"e\\": |2+\\n\\n\\"lead\\": |2-\\n   a\\n  b\\n\\"nl\\": |\\n  a\\n\\"nl2\\": |+\\n  a\\n\\n\\"q\\": \\"say \\\\\\"hi\\\\\\" \\\\\\\\ ok\\"\\n\\"tab\\": \\"a\\\\tb\\"\\n"',
    ),
    ("yamlencode([[[]], {a = [{b = 1}]}])", '"- - []\\n- \\"a\\":\\n  - \\"b\\": 1\\n"'),
    (
        'yamlencode(["- a", "null", "1e3", "~", "yes", "@x", "a #b", "{"])',
        '"- \\"- a\\"\\n- \\"null\\"\\n- \\"1e3\\"\\n- \\"~\\"\\n- \\"yes\\"\\n- \\"@x\\"\\n- \\"a #b\\"\\n- \\"{\\"\\n"',
    ),
    (
        'yamlencode({a = {b = {c = [1, {d = "x\\ny"}]}}})',
        '"\\"a\\":\\n  \\"b\\":\\n    \\"c\\":\\n    - 1\\n    - \\"d\\": |-\\n        x\\n        y\\n"',
    ),
    ('yamlencode([["x\\ny"], {k = ["m\\n"]}])', '"- - |-\\n    x\\n    y\\n- \\"k\\":\\n  - |\\n    m\\n"'),
    (
        'yamlencode({"Version" = "2012-10-17", Statement = [{Effect = "Allow", Action = ["kms:Decrypt"], Resource = "*"}]})',
        '"\\"Statement\\":\\n- \\"Action\\":\\n  - \\"kms:Decrypt\\"\\n  \\"Effect\\": \\"Allow\\"\\n  \\"Resource\\": \\"*\\"\\n\\"Version\\": \\"2012-10-17\\"\\n"',
    ),
    (
        "yamlencode({emptylist = [[]], m = {n = [{}]}})",
        '"\\"emptylist\\":\\n- []\\n\\"m\\":\\n  \\"n\\":\\n  - {}\\n"',
    ),
    ('"  a ${~ "b" ~}  c  %{~ if true ~}  d  %{~ endif ~}  "', '"  abcd"'),
    ('"x ${~ 1}"', '"x1"'),
    ('"${1 ~} y"', '"1y"'),
    ('"${ {a = 1}["a"] ~} z"', '"1z"'),
    ('"~} ${"~}"}"', '"~} ~}"'),
    ('"${1}${""}"', '"1"'),
    ('"%{ if true }${1}%{ endif }"', '"1"'),
    ('tonumber("+1")', "1"),
    ('tonumber(".5")', "0.5"),
    ('tonumber("5.")', "5"),
    ('tonumber("1e2")', "100"),
    (
        'jsonencode([-1 * 0, 0 * -1, -0 + 0, 0 - 0, -2 % 2, -0.0 / 1, 0 / -1, -0, -(0), -0 - 0, abs(-0), floor(-0.5), ceil(-0.5), min(-0, 0), tonumber("-0"), -0 * 1])',
        '"[-0,-0,0,0,0,-0,-0,-0,-0,-0,0,-1,0,-0,-0,-0]"',
    ),
    ('chunklist(toset(["a"]),1)', '[["a"]]'),
    ('reverse(toset(["a"]))', '["a"]'),
    ('sort(toset(["b","a"]))', '["a","b"]'),
    ('join(",", toset(["a"]))', '"a"'),
    ('one(toset(["a"]))', '"a"'),
    ('zipmap(toset(["a"]), ["b"])', '{"a":"b"}'),
    ('setproduct(toset(["a"]), ["b"])', '[["a","b"]]'),
    ('transpose({a = toset(["x"])})', '{"x":["a"]}'),
    # Date, time and text-encoding functions (documentation examples and Terraform's own test vectors).
    ('timeadd("2017-11-22T00:00:00Z", "10m")', '"2017-11-22T00:10:00Z"'),
    ('timeadd("2017-11-22T00:00:00Z", "-1h30m")', '"2017-11-21T22:30:00Z"'),
    ('timeadd("2017-11-22T00:00:00+05:30", "1.5h")', '"2017-11-22T01:30:00+05:30"'),
    ('timeadd("2017-11-22T00:00:00.75Z", "500ms")', '"2017-11-22T00:00:01Z"'),
    ('timeadd("2024-02-28T12:00:00Z", "9000h")', '"2025-03-09T12:00:00Z"'),
    ('timecmp("2017-11-22T00:00:00Z", "2017-11-22T00:00:00Z")', "0"),
    ('timecmp("2017-11-22T00:00:00Z", "2017-11-22T01:00:00Z")', "-1"),
    ('timecmp("2017-11-22T01:00:00Z", "2017-11-22T00:00:00Z")', "1"),
    ('timecmp("2017-11-22T01:00:00Z", "2017-11-22T00:00:00-01:00")', "0"),
    ('formatdate("DD MMM YYYY hh:mm ZZZ", "2018-01-02T23:12:01Z")', '"02 Jan 2018 23:12 UTC"'),
    ('formatdate("EEEE, DD-MMM-YY hh:mm:ss ZZZ", "2018-01-02T23:12:01Z")', '"Tuesday, 02-Jan-18 23:12:01 UTC"'),
    ('formatdate("EEE, DD MMM YYYY hh:mm:ss ZZZ", "2018-01-02T23:12:01-08:00")',
     '"Tue, 02 Jan 2018 23:12:01 -0800"'),
    ('formatdate("MMM DD, YYYY", "2018-01-02T23:12:01Z")', '"Jan 02, 2018"'),
    ('formatdate("HH:mmaa", "2018-01-02T23:12:01Z")', '"11:12pm"'),
    ("formatdate(\"h'h'mm\", \"2018-01-02T23:12:01-08:00\")", '"23h12"'),
    ('formatdate("YYYY-MM-DD\'T\'hh:mm:ssZ", "2018-01-02T23:12:01-08:00")', '"2018-01-02T23:12:01-08:00"'),
    ('formatdate("M/D/YY H:m:s ZZZZ ZZZZZ", "2018-03-04T05:06:07Z")', '"3/4/18 5:6:7 +0000 +00:00"'),
    ('base64gzip("test")', '"H4sIAAAAAAAA/ypJLS4BAAAA//8BAAD//wx+f9gEAAAA"'),
    ('textencodebase64("Hello World", "UTF-16LE")', '"SABlAGwAbABvACAAVwBvAHIAbABkAA=="'),
    ('textencodebase64("abc123!?$*&()\'-=@~", "CP936")', '"YWJjMTIzIT8kKiYoKSctPUB+"'),
    ('textdecodebase64("SABlAGwAbABvACAAVwBvAHIAbABkAA==", "UTF-16LE")', '"Hello World"'),
    ('textdecodebase64("YWJjMTIzIT8kKiYoKSctPUB+", "UTF-8")', '"abc123!?$*\\u0026()\'-=@~"'),
]

ERROR_CASES: list[str] = [
    "[[1, 2], [3]].*.x == null ? 1 : 2",
    "concat()",
    '1 + "a"',
    "[1][5]",
    "{a = 1}.b",
    'tonumber("x")',
    "element([], 0)",
    'lookup({}, "k")',
    "one([1, 2])",
    "null + 1",
    "1 / 0",
    '!"maybe"',
    '{for v in ["a", "a"] : v => v}',
    'regex("z", "abc")',
    'index(["a"], "b")',
    'base64decode("!!")',
    'jsondecode("{")',
    'cidrsubnet("10.0.0.0/30", 8, 1)',
    'upper(["a"])',
    'keys("str")',
    "unknownfn(1)",
    "sum([])",
    "range(1, 5, 0)",
    "toset([1])[0]",
    'tonumber("1_000")',
    'tonumber("0x10")',
    'element(toset(["a"]),0)',
    'slice(toset(["a"]),0,1)',
    'index(toset(["a"]),"a")',
    'concat(toset(["a"]), ["b"])',
    'coalescelist(toset(["a"]))',
    'timeadd("2017-11-22", "1h")',
    'timeadd("2017-11-22T00:00:00Z", "1x")',
    'timeadd("2017-11-22T00:00:00Z", "10")',
    'timecmp("2017-11-22T00:00:00Z", "yesterday")',
    'formatdate("YYY", "2018-01-02T23:12:01Z")',
    "formatdate(\"'open\", \"2018-01-02T23:12:01Z\")",
    'formatdate("DD", "2018-01-02")',
    'textencodebase64("x", "NOT-EXISTS")',
    'textencodebase64("\U0001f914", "cp437")',
    'textdecodebase64("gQ==", "windows-1250")',
    'textdecodebase64("!!", "UTF-8")',
    'core_missing_function("x")',
]


def _iacsim(expr: str) -> object:
    return evaluate(parse_expression(expr), EvalContext())


@pytest.mark.parametrize(("expr", "expected"), VALUE_CASES)
def test_value_matches_recorded_terraform_output(expr: str, expected: str) -> None:
    value = _iacsim(expr)
    assert first_unknown(value) is None, f"{expr} gave {value!r}"
    assert json_encode(value) == expected


@pytest.mark.parametrize("expr", ERROR_CASES)
def test_expression_terraform_rejects_is_unknown(expr: str) -> None:
    value = _iacsim(expr)
    assert isinstance(value, Unknown)
    assert value.reason  # says why


def test_table_is_large_enough() -> None:
    # The brief asks for at least 60 expressions checked against terraform console.
    assert len(VALUE_CASES) + len(ERROR_CASES) >= 60


# -- a module: heredocs, strip markers, templatefile, file --------------------

MODULE = Path(__file__).parent / "fixtures" / "console_module"
"""``main.tf`` declares locals (heredocs, ``<<-`` indentation, ``~`` strip markers
next to blank lines, ``templatefile``, ``file``); ``expected.json`` records
``jsonencode(local.<name>)`` per ``terraform console`` in that directory."""


def _module_locals() -> dict[str, str]:
    hcl = parse_file("main.tf", (MODULE / "main.tf").read_text())
    ctx = EvalContext(variables={"path": {"module": "."}}, base_dir=MODULE, root_dir=MODULE)
    (locals_block,) = hcl.body.blocks
    return {name: json_encode(evaluate(a.expr, ctx)) for name, a in locals_block.body.attributes.items()}


def test_module_locals_match_recorded_terraform_output() -> None:
    expected = json.loads((MODULE / "expected.json").read_text())
    assert _module_locals() == expected


# -- live comparison -------------------------------------------------------


def _live_values(console: Console, workdir: Path, exprs: list[str]) -> list[str | None]:
    """``jsonencode`` of each expression per Terraform (None where it fails).

    One console run evaluates the whole batch; base64 keeps the console's own
    string quoting out of the way. If the batch fails, each expression is run
    alone to find which.
    """
    batch = 'join(",", [' + ", ".join(f"base64encode(jsonencode({e}))" for e in exprs) + "])"
    done = console(workdir, batch)
    if done.returncode == 0:
        encoded = done.stdout.strip().strip('"')
        return [base64.b64decode(part).decode("utf-8") for part in encoded.split(",")]
    out: list[str | None] = []
    for e in exprs:
        single = console(workdir, f"base64encode(jsonencode({e}))")
        out.append(
            base64.b64decode(single.stdout.strip().strip('"')).decode("utf-8")
            if single.returncode == 0
            else None
        )
    return out


@pytest.mark.terraform
def test_recorded_values_match_live_terraform(terraform_console: Console, tmp_path: Path) -> None:
    exprs = [e for e, _ in VALUE_CASES]
    live = _live_values(terraform_console, tmp_path, exprs)
    mismatches = [(e, want, got) for (e, want), got in zip(VALUE_CASES, live, strict=True) if got != want]
    assert mismatches == []


@pytest.mark.terraform
def test_error_cases_fail_in_live_terraform(terraform_console: Console, tmp_path: Path) -> None:
    # Each must fail on its own, so each needs its own console run; run them side by side.
    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(
            pool.map(lambda e: terraform_console(tmp_path, f"jsonencode({e})").returncode, ERROR_CASES)
        )
    succeeded = [e for e, code in zip(ERROR_CASES, codes, strict=True) if code == 0]
    assert succeeded == []


@pytest.mark.terraform
def test_module_locals_match_live_terraform(terraform_console: Console, tmp_path: Path) -> None:
    workdir = tmp_path / "module"
    shutil.copytree(MODULE, workdir)
    (workdir / "expected.json").unlink()
    names = list(json.loads((MODULE / "expected.json").read_text()))
    live = _live_values(terraform_console, workdir, [f"local.{n}" for n in names])
    assert dict(zip(names, live, strict=True)) == _module_locals()
