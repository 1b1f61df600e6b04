"""All ten samples scanned in one go, as `iacsim plan samples/` does: every sample directory
is its own root, module directories are not scanned again as roots, and equal addresses in
different roots stay different objects."""

from __future__ import annotations

from collections import Counter

import pytest
from sample_pipeline import SAMPLES, SCENARIOS, LoadedSample, load_sample, load_tree

ROOTS = tuple(name for s in SCENARIOS for name in (s, f"{s}-broken"))


@pytest.fixture(scope="module")
def tree() -> LoadedSample:
    return load_tree(SAMPLES)


def test_each_sample_is_one_root_and_module_dirs_are_not_roots(tree: LoadedSample) -> None:
    roots = Counter(r.source.file.split("/", 1)[0] for r in tree.result.resources if r.mode == "managed")
    assert set(roots) == set(ROOTS)
    # Resources written in module directories appear only under their module call's address.
    for r in tree.result.resources:
        if "/modules/" in r.source.file:
            assert r.address.startswith("module."), (r.address, r.source.file)


@pytest.mark.parametrize("root", ROOTS)
def test_tree_scan_gives_each_root_what_scanning_it_alone_gives(tree: LoadedSample, root: str) -> None:
    alone = load_sample(root, secrets=False)
    in_tree = {r.address for r in tree.result.resources
               if r.mode == "managed" and r.source.file.split("/", 1)[0] == root}
    assert in_tree == alone.addresses()
    for r in tree.result.resources:
        if r.mode == "managed" and r.source.file.split("/", 1)[0] == root:
            own = alone.resource(r.address)
            assert r.source.file == f"{root}/{own.source.file}"
            assert (r.placement.account, r.placement.region) == (own.placement.account, own.placement.region)


def test_same_address_in_two_roots_gives_two_keys(tree: LoadedSample) -> None:
    from iacsim.model import KmsKey

    orders = [k for k in tree.world.of_type(KmsKey) if k.address == "aws_kms_key.orders"]
    assert sorted(k.source.file for k in orders) == ["multi-region-key-broken/main.tf", "multi-region-key/main.tf"]
    assert orders[0].key_id != orders[1].key_id
