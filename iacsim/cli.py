"""Command line: argument parsing, terminal output and exit codes only.

Exit codes (docs/architecture.md §4): 0 nothing at or above ``--fail-on``; 1 findings at or
above it, or — with ``--fail-on-unknown`` (``fail_on_unknown:`` in ``.iacsim.yml``) — an unknown flow
that carries a key decision; 2 usage or configuration error.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from iacsim import __version__
from iacsim.cli_options import SharedOptions, key_value, load_options
from iacsim.errors import IacsimUserError
from iacsim.findings import SEVERITIES
from iacsim.report.formats import FORMAT_NAMES, ReportFormat, render
from iacsim.timeout_option import with_timeout

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _format_file(ctx: click.Context, param: click.Parameter,
                 values: tuple[str, ...]) -> tuple[tuple[ReportFormat, Path], ...]:
    out = []
    for v in values:
        fmt, sep, file = v.partition(":")
        if not sep or fmt not in FORMAT_NAMES or not file:
            raise click.BadParameter(f"{v!r} is not FORMAT:FILE with FORMAT one of {', '.join(FORMAT_NAMES)}",
                                     ctx=ctx, param=param)
        out.append((ReportFormat(fmt), Path(file)))
    return tuple(out)


class NothingToScanError(IacsimUserError):
    """PATHS hold nothing iacsim reads: almost always a wrong path, so it is not a silent PASS."""

    def __init__(self, paths: list[Path]) -> None:
        where = ", ".join(str(p) for p in paths)
        super().__init__(f"no Terraform (.tf, .tf.json), CloudFormation template or Terraform plan JSON found in "
                         f"{where}; check the path, or pass --allow-empty to accept an empty scan")


class _Main(click.Group):
    """The command group; the one place a user error (:class:`IacsimUserError`) becomes exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except IacsimUserError as exc:
            message = " ".join(str(exc).splitlines())
            Console(stderr=True, soft_wrap=True).print(f"error: {message}", markup=False, highlight=False)
            sys.exit(EXIT_USAGE)


def _progress_callback(console: Console, enabled: bool) -> tuple[Callable[[int, int], None], Callable[[], None]]:
    """A progress bar on stderr that appears only once a scan has run for about a second."""
    start = time.monotonic()
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if not enabled:
            return
        if "bar" not in state:
            if time.monotonic() - start < 1.0:
                return
            bar = Progress(TextColumn("scanning"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                           console=console, transient=True)
            bar.start()
            state["bar"], state["task"] = bar, bar.add_task("scan", total=total)
        state["bar"].update(state["task"], completed=done, total=total)

    def stop() -> None:
        if "bar" in state:
            state["bar"].stop()

    return update, stop


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="iacsim")
def main() -> None:
    """Simulate AWS encryption infrastructure from Terraform and CloudFormation before you apply it."""


@main.command()
@load_options
@with_timeout
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here.")
@click.option("--fail-on", type=click.Choice([*SEVERITIES, "none"]), default=None,
              help="Lowest severity that makes the exit code 1 [default: high, or fail_on from the config].")
@click.option("--fail-on-unknown/--no-fail-on-unknown", "fail_on_unknown", default=None,
              help="Also exit 1 when a key flow's verdict is unknown [default: no, or fail_on_unknown from the "
                   "config].")
@click.option("--baseline", "baseline_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Suppress findings recorded in this baseline (see --create-baseline).")
@click.option("--create-baseline", type=click.Path(dir_okay=False, path_type=Path),
              help="Record every current finding in FILE, to adopt iacsim without fixing them first.")
@click.option("--base", help="Compare with a baseline: a git revision (e.g. origin/main) or a directory.")
@click.option("--usage-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Expected request volumes for the cost estimate (default: iacsim-usage.yml at the scanned root).")
@click.option("--report", "extra_reports", multiple=True, metavar="FORMAT:FILE", callback=_format_file,
              help="Also write FORMAT (json, sarif, markdown, html, text) to FILE from the same scan; repeatable.")
@click.option("--audit-log", type=click.Path(dir_okay=False, path_type=Path),
              help="Write every call the flows replayed as CloudTrail records (JSON Lines) to this file.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing on success; only the verdict line otherwise.")
@click.option("-v", "--verbose", is_flag=True, help="Also print the model summary.")
@click.option("--allow-empty", is_flag=True,
              help="Accept PATHS with no Terraform, CloudFormation or plan file (otherwise exit code 2).")
def plan(shared: SharedOptions, fmt: str, output: Path | None, fail_on: str | None, fail_on_unknown: bool | None,
         baseline_file: Path | None,
         create_baseline: Path | None, base: str | None, usage_file: Path | None,
         extra_reports: tuple[tuple[ReportFormat, Path], ...], audit_log: Path | None, quiet: bool,
         verbose: bool, allow_empty: bool) -> None:
    """Scan PATHS, replay the flows they imply and report what would fail."""
    from iacsim.compare import compare_with_base
    from iacsim.cost.usage import find_usage, load_usage
    from iacsim.output_files import check_all, write_text
    from iacsim.pipeline import scan
    from iacsim.report.baseline import read_baseline, write_baseline

    err = Console(stderr=True, soft_wrap=True)
    check_all([("-o", output), ("--audit-log", audit_log), ("--create-baseline", create_baseline),
               *(("--report", p) for _f, p in extra_reports)])
    paths = list(shared.paths)
    options = shared.load_options()
    usage_path = usage_file or find_usage(paths)
    usage = load_usage(usage_path) if usage_path else None
    known = read_baseline(baseline_file) if baseline_file else None
    threshold = fail_on or options.config.fail_on or "high"
    strict_unknown = fail_on_unknown if fail_on_unknown is not None else bool(options.config.fail_on_unknown)
    update, stop = _progress_callback(err, enabled=not quiet and err.is_terminal)
    try:
        report, _world, loaded = scan(paths, options, threshold, update, usage, known, strict_unknown)
        if not loaded.result.files and not allow_empty:
            raise NothingToScanError(paths)
        if base:
            report.diff = compare_with_base(report, base, paths, options, threshold, usage)
    finally:
        stop()

    if fmt == ReportFormat.TEXT and output is None:
        from iacsim.report.text import render_text

        if not quiet or report.summary["verdict"] == "fail":
            render_text(report, Console(), verbose=verbose)
    else:
        text = render(fmt, report)
        if output is None:
            click.echo(text, nl=False)
        else:
            write_text("-o", output, text)
            if not quiet:
                err.print(f"{fmt} report written to {output}", markup=False, highlight=False)
    for extra_fmt, extra_path in extra_reports:
        write_text("--report", extra_path, render(extra_fmt, report))
    if audit_log is not None:
        from iacsim.report.audit import render_audit_log

        write_text("--audit-log", audit_log, render_audit_log(report))
        if not quiet:
            err.print(f"audit log written to {audit_log}", markup=False, highlight=False)
    _append_step_summary(report)
    if create_baseline:
        count = write_baseline(report, create_baseline)
        err.print(f"baseline of {count} findings written to {create_baseline}", markup=False, highlight=False)
        sys.exit(EXIT_OK)
    sys.exit(EXIT_FINDINGS if report.summary["verdict"] == "fail" else EXIT_OK)


def _append_step_summary(report: Any) -> None:
    """In GitHub Actions, add the Markdown summary to the job's summary page."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    from iacsim.report.markdown import render_markdown

    try:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(render_markdown(report) + "\n")
    except OSError as exc:
        Console(stderr=True, soft_wrap=True).print(f"warning: cannot write GITHUB_STEP_SUMMARY: {exc}", markup=False)


@main.command()
@load_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the model here.")
def translate(shared: SharedOptions, output: Path | None) -> None:
    """Write the normalized model of PATHS as JSON (schema: docs/model-schema.md)."""
    from iacsim.load import load_paths
    from iacsim.model import build_world, world_to_json
    from iacsim.output_files import check_all, write_text

    check_all([("-o", output)])
    options = shared.load_options()
    loaded = load_paths(list(shared.paths), options)
    err = Console(stderr=True, soft_wrap=True)
    for d in loaded.result.diagnostics:
        err.print(f"{d.file}:{d.line}: {d.severity}: {d.message}", markup=False, highlight=False)
    text = json.dumps(world_to_json(build_world(loaded.result.resources)), indent=2, default=str) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        write_text("-o", output, text)
    sys.exit(EXIT_FINDINGS if any(d.severity == "error" for d in loaded.result.diagnostics) else EXIT_OK)


@main.command()
@load_options
@click.option("--key", "key_ref", required=True, help="The key: its address (aws_kms_key.app), alias, id or ARN.")
@click.option("--context", "context", multiple=True, callback=key_value, metavar="KEY=VALUE",
              help="Encryption context entry; repeatable.")
@click.option("--world", "world_name", help="The world (.iacsim.yml `worlds`) the key belongs to.")
def encrypt(shared: SharedOptions, key_ref: str, context: tuple[tuple[str, str], ...],
            world_name: str | None) -> None:
    """Encrypt standard input for a key of PATHS in iacsim's simulated format (for data "aws_kms_secrets" tests).

    Prints a base64 CiphertextBlob that a later `iacsim plan` of the same PATHS decrypts in its
    code-secret flow, so a committed-ciphertext fixture can be checked end to end. The key material
    is derived from a public label: such blobs protect nothing and real AWS KMS cannot read them.
    Scan the same root as the checks will (a key known only after apply gets its simulated id
    from its directory relative to that root). The plaintext is never echoed.
    """
    from iacsim.flows.code_secrets_blob import encrypt_for_scan
    from iacsim.sim import ClientError

    err = Console(stderr=True, soft_wrap=True)
    try:
        blob = encrypt_for_scan(list(shared.paths), key_ref, sys.stdin.buffer.read(), dict(context),
                                options=shared.load_options(), world_name=world_name)
    except ClientError as exc:
        error = exc.response["Error"]
        err.print(f"error: {error['Code']}: {error['Message']}", markup=False, highlight=False)
        sys.exit(EXIT_FINDINGS)
    click.echo(blob)


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_rules(fmt: str) -> None:
    """List every rule: id, category, default severity and what it checks."""
    from iacsim.catalog import rule_catalog

    rules = rule_catalog()
    if fmt == "json":
        click.echo(json.dumps([{"id": r.id, "name": r.name, "category": r.category, "severity": r.default_severity,
                                "summary": r.short_description, "help_uri": r.help_uri, "peers": list(r.peers),
                                "customer_managed_key_service": r.customer_managed_key_service}
                               for r in rules], indent=2))
        return
    from rich.table import Table

    table = Table(show_edge=False, pad_edge=False)
    for col in ("id", "category", "severity", "what"):
        table.add_column(col)
    for r in rules:
        table.add_row(r.id, r.category, r.default_severity, r.short_description)
    Console().print(table)


@main.command()
@click.argument("rule_id")
def explain(rule_id: str) -> None:
    """Print a rule's documentation (what it does, why it matters, example, fix, references)."""
    from iacsim.catalog import rule_catalog

    rule = next((r for r in rule_catalog() if r.id == rule_id.upper()), None)
    if rule is None:
        raise IacsimUserError(f"no rule {rule_id!r}; `iacsim rules` lists them")
    click.echo(f"{rule.id} {rule.name} ({rule.category}, {rule.default_severity})\n")
    click.echo(rule.help_markdown.replace("**", "") + "\n")
