"""--base REF reads blobs straight from git: no checkout, no filters, no hooks."""

import subprocess
from pathlib import Path

import pytest

from iacsim.load.gitref import GitRefError, export_revision, repo_top


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    r = tmp_path / "repo"
    (r / "infra").mkdir(parents=True)
    _git(r, "init", "-q")
    _git(r, "config", "user.email", "t@example.com")
    _git(r, "config", "user.name", "t")
    (r / "infra" / "main.tf").write_text('resource "aws_kms_key" "a" {}\n')
    (r / "infra" / "notes.txt").write_text("not scanned\n")
    (r / "stack.yaml").write_text("Resources: {}\n")
    _git(r, "add", ".")
    _git(r, "commit", "-qm", "base")
    (r / "infra" / "main.tf").write_text('resource "aws_kms_key" "b" {}\n')
    return r


def test_exports_scannable_files_of_the_revision(repo: Path, tmp_path: Path) -> None:
    dest = tmp_path / "out"
    assert export_revision(repo, "HEAD", dest) == 2
    assert (dest / "infra" / "main.tf").read_text() == 'resource "aws_kms_key" "a" {}\n'  # committed, not working tree
    assert (dest / "stack.yaml").is_file()
    assert not (dest / "infra" / "notes.txt").exists()
    assert repo_top(repo / "infra") == repo.resolve()


def test_runs_no_filter_or_hook_configured_by_the_repository(repo: Path, tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    (repo / ".gitattributes").write_text("*.tf filter=evil\n")
    _git(repo, "config", "filter.evil.smudge", f"touch {marker}; cat")
    _git(repo, "config", "core.hooksPath", str(tmp_path / "hooks"))
    (tmp_path / "hooks").mkdir()
    (tmp_path / "hooks" / "post-checkout").write_text(f"#!/bin/sh\ntouch {marker}\n")
    (tmp_path / "hooks" / "post-checkout").chmod(0o755)
    _git(repo, "-c", "filter.evil.clean=cat", "add", ".gitattributes")
    _git(repo, "-c", "core.hooksPath=/dev/null", "commit", "-qm", "attrs")
    export_revision(repo, "HEAD", tmp_path / "out")
    assert not marker.exists()


def test_unknown_revision_is_a_clear_error(repo: Path, tmp_path: Path) -> None:
    with pytest.raises(GitRefError):
        export_revision(repo, "no-such-branch", tmp_path / "out")
