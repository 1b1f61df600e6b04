"""The bounds one by one, in process: what each refuses, what it lets through, and what it never touches."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from iacsim import safe_yaml
from iacsim.bounds import Limits
from iacsim.config import ConfigError, parse_config
from iacsim.load import LoadOptions, load_paths
from iacsim.load.cloudformation.parse import load_text
from iacsim.load.limits import (
    ALIAS_EXPANSION,
    TOO_DEEP,
    LimitExceeded,
    check_hcl_depth,
    check_json_depth,
    without_lone_surrogates,
)
from iacsim.report.escape import markdown_code, markdown_text, terminal, valid_unicode


def test_a_file_over_the_size_limit_is_never_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    huge = tmp_path / "huge.json"
    with huge.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    (tmp_path / "ok.yaml").write_text('AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n')
    real_open = Path.open

    def guarded(self: Path, *args: object, **kwargs: object) -> object:
        assert self.name != "huge.json", "the oversized file was opened"
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", guarded)  # read_bytes and read_text open through it
    loaded = load_paths([tmp_path], LoadOptions(use_cache=False)).result
    assert [(d.file, d.code) for d in loaded.diagnostics] == [("huge.json", "too-large")]
    assert loaded.files == ["ok.yaml"]


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, '{"a": ' * 200 + "1" + "}" * 200])
def test_json_depth_is_refused_before_parsing(text: str) -> None:
    with pytest.raises(LimitExceeded) as exc:
        check_json_depth(text, Limits())
    assert exc.value.code == TOO_DEEP


def test_json_depth_counts_only_structure_and_names_the_line() -> None:
    check_json_depth('{"a": "' + "[" * 500 + '\\"[[["}', Limits())  # brackets in strings do not nest
    with pytest.raises(LimitExceeded) as exc:
        check_json_depth('{\n"a":\n' + "[" * 10 + "]" * 10 + "}", Limits(max_depth=5))
    assert exc.value.line == 3


def test_hcl_depth_skips_strings_comments_and_heredocs() -> None:
    check_hcl_depth('# ((((((\nx = "[[[[[["\ny = <<EOT\n{{{{{{{\nEOT\n/* [[[[[[ */\n', Limits(max_depth=3))
    with pytest.raises(LimitExceeded):
        check_hcl_depth("x = [[[[1]]]]\n", Limits(max_depth=3))


def test_cloudformation_short_tags_still_load_through_the_bounded_loader() -> None:
    data = load_text("Resources:\n  K:\n    Properties:\n      A: !Ref X\n      B: !GetAtt R.Arn\n"
                     "      C: !Sub '${AWS::Region}'\n")
    props = data["Resources"]["K"]["Properties"]
    assert props == {"A": {"Ref": "X"}, "B": {"Fn::GetAtt": ["R", "Arn"]}, "C": {"Fn::Sub": "${AWS::Region}"}}


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['true']", "!!python/name:os.system",
                                 "!!python/object/new:object []"])
def test_no_yaml_tag_constructs_python_objects(tag: str) -> None:
    with pytest.raises(yaml.YAMLError):
        safe_yaml.load(f"x: {tag}\n")


def test_alias_bounds() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True))
    with pytest.raises(LimitExceeded) as exc:
        safe_yaml.load(bomb)
    assert exc.value.code == ALIAS_EXPANSION and exc.value.line > 1
    with pytest.raises(LimitExceeded):
        safe_yaml.load("a: &a [x]\nb: [" + ", ".join(["*a"] * 20) + "]\n", Limits(max_yaml_aliases=10))
    assert safe_yaml.load("a: &a [x]\nb: *a\n") == {"a": ["x"], "b": ["x"]}


def test_recursive_alias_is_refused() -> None:
    with pytest.raises(LimitExceeded):
        safe_yaml.load("a: &a [x, *a]\n")


def test_iacsim_yml_is_read_with_the_bounded_loader_and_limits_are_strict(tmp_path: Path) -> None:
    from iacsim.config import load_config

    (tmp_path / ".iacsim.yml").write_text("a: &a [x, *a]\n")
    with pytest.raises(ConfigError, match="recursive alias"):
        load_config(tmp_path / ".iacsim.yml")
    assert parse_config({"limits": {"max_depth": 50}}, "t").limits == Limits(max_depth=50)
    for bad in ({"max_dept": 5}, {"max_depth": 0}, {"max_file_bytes": "1 MB"}, {"max_depth": True}):
        with pytest.raises(ConfigError, match="limits"):
            parse_config({"limits": bad}, "t")


def test_lone_surrogate_escapes_become_replacement_characters() -> None:
    assert without_lone_surrogates(r'"\ud800 \udc00 \ud83d\ude00 \\ud800"') == \
        r'"\ufffd \ufffd \ud83d\ude00 \\ud800"'
    assert valid_unicode("a\ud800") == "a\ufffd"


def test_terminal_escape_shows_controls_instead_of_sending_them() -> None:
    assert terminal("key\x1b[31m\n::error::x\u202e") == "key\\x1b[31m\\n::error::x\\u202e"
    assert terminal("aws_kms_key.this[0] → ключ") == "aws_kms_key.this[0] → ключ"


def test_markdown_escapes_break_links_but_keep_benign_text() -> None:
    assert markdown_text("aws_kms_key.this[0]: kms:Decrypt (x)") == "aws_kms_key.this[0]: kms:Decrypt (x)"
    assert markdown_text("[a](http://e) ![i](u) [r][1] <b>|\n#") == \
        "[a]\\(http://e) ![i]\\(u) [r]\\[1] &lt;b&gt;\\| #"
    assert markdown_code("a`b") == "`` a`b ``" and markdown_code("plain") == "`plain`"
