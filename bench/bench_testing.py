"""Benchmark: what iacsim.testing.mock_aws adds to a boto3 call and to a test.

Measures, as this process's CPU time (best of 3 rounds, so other work on the machine does not count):
* symmetric Encrypt/Decrypt pairs made through ``boto3.client("kms")`` under ``mock_aws`` — botocore's
  validation, serialization and parsing plus the simulator's authorization and AES-256-GCM — against the
  same pairs on the simulated client directly;
* entering ``mock_aws`` and making the first client, what each test using the ``iacsim_cloud`` fixture pays.
Target: >= 500 boto3 pairs per second and <= 0.1 s per entry with its first client (botocore's data loader is
shared between successive mocks). Exits 1 below a target. Never part of the test suite.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import boto3

from iacsim.testing import current_cloud, mock_aws

PAIRS = 500
ENTRIES = 20
PAIRS_TARGET = 500.0
ENTRY_TARGET = 0.1


def _best_cpu(run: Callable[[], None], rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def main() -> int:
    with mock_aws():
        client = boto3.client("kms")
        key = client.create_key()["KeyMetadata"]["KeyId"]
        direct = current_cloud().client("kms", account="111111111111")

        def through_boto3() -> None:
            for _ in range(PAIRS):
                blob = client.encrypt(KeyId=key, Plaintext=b"x" * 64)["CiphertextBlob"]
                client.decrypt(CiphertextBlob=blob)

        def on_the_simulator() -> None:
            for _ in range(PAIRS):
                blob = direct.encrypt(KeyId=key, Plaintext=b"x" * 64)["CiphertextBlob"]
                direct.decrypt(CiphertextBlob=blob)

        boto3_rate = PAIRS / _best_cpu(through_boto3)
        direct_rate = PAIRS / _best_cpu(on_the_simulator)

    def entries() -> None:
        for _ in range(ENTRIES):
            with mock_aws():
                boto3.client("kms").list_keys()

    entries()  # the first mock of a process loads botocore's data once
    per_entry = _best_cpu(entries) / ENTRIES
    print(f"boto3 under mock_aws: {boto3_rate:,.0f} Encrypt/Decrypt pairs/s CPU "
          f"(the simulated client directly: {direct_rate:,.0f}); target >= {PAIRS_TARGET:,.0f}")
    print(f"mock_aws entry + first client + one call: {per_entry * 1000:.1f} ms CPU; target <= {ENTRY_TARGET * 1000:.0f} ms")
    return 0 if boto3_rate >= PAIRS_TARGET and per_entry <= ENTRY_TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
