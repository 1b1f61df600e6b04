"""File discovery: which files a scan reads, by format, and which folders it skips."""

from pathlib import Path

from iacsim.load.discover import common_root, discover


def _touch(root: Path, *names: str) -> None:
    for n in names:
        p = root / n
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x")


def test_sorts_files_by_format_and_skips_tool_folders(tmp_path: Path) -> None:
    _touch(tmp_path, "main.tf", "modules/kms/main.tf", "modules/kms/vars.tf.json", "stacks/kms.yaml",
           "plan.json", "terraform.tfvars.json", ".iacsim.yml", "README.md",
           ".terraform/modules/x/main.tf", ".git/config.json", "node_modules/a/b.yaml")
    found = discover([tmp_path])
    rels = sorted(found.rel(p) for p in found.tf_files)
    assert rels == ["main.tf", "modules/kms/main.tf", "modules/kms/vars.tf.json"]
    assert [found.rel(p) for p in found.tf_dirs] == [".", "modules/kms"]
    assert sorted(found.rel(p) for p in found.documents) == ["plan.json", "stacks/kms.yaml"]


def test_single_files_and_overlapping_paths_are_read_once(tmp_path: Path) -> None:
    _touch(tmp_path, "a/main.tf", "a/stack.yaml")
    found = discover([tmp_path / "a", tmp_path / "a" / "main.tf"])
    assert len(found.tf_files) == 1 and len(found.documents) == 1
    assert found.root == (tmp_path / "a").resolve()


def test_common_root_of_several_paths(tmp_path: Path) -> None:
    _touch(tmp_path, "infra/main.tf", "stacks/s.yaml")
    assert common_root([tmp_path / "infra", tmp_path / "stacks" / "s.yaml"]) == tmp_path.resolve()
    found = discover([tmp_path / "infra", tmp_path / "stacks"])
    assert found.rel(found.tf_files[0]) == "infra/main.tf"
