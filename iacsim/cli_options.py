"""The load options ``plan``, ``translate`` and ``encrypt`` share, as one typed object.

:func:`load_options` is a click decorator: it adds the shared arguments and
options to a command and hands the command one :class:`SharedOptions` (keyword
``shared``) instead of a dozen parameters, so adding a shared option touches
only this module.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import click

from iacsim.config import Config, find_config, load_config
from iacsim.load import LoadOptions


def key_value(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    pairs = []
    for v in values:
        if "=" not in v:
            raise click.BadParameter(f"{v!r} is not KEY=VALUE", ctx=ctx, param=param)
        k, _, val = v.partition("=")
        pairs.append((k.strip(), val))
    return tuple(pairs)


@dataclass(frozen=True)
class SharedOptions:
    """What the user said about the input: the paths and how to load them."""

    paths: tuple[Path, ...]
    config_path: Path | None
    var: tuple[tuple[str, str], ...]
    var_file: tuple[Path, ...]
    cfn_param: tuple[tuple[str, str], ...]
    cfn_params_file: tuple[Path, ...]
    account_id: str | None
    region: str | None
    no_cache: bool

    def load_options(self) -> LoadOptions:
        """The loader's options, with the configuration read (raises ``ConfigError``, a user error)."""
        found = self.config_path or find_config(list(self.paths))
        config = load_config(found) if found else Config()
        return LoadOptions(
            config=config, var_files=self.var_file, vars=self.var, cfn_params=self.cfn_param,
            cfn_param_files=self.cfn_params_file, account_id=self.account_id, region=self.region,
            use_cache=not self.no_cache,
        )


_CLICK_PARAMS: tuple[Callable[[Callable[..., Any]], Callable[..., Any]], ...] = (
    click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path)),
    click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                 help="Configuration file (default: .iacsim.yml at the scanned root)."),
    click.option("--var", multiple=True, callback=key_value, metavar="NAME=VALUE",
                 help="Set a Terraform root variable, like terraform -var."),
    click.option("--var-file", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
                 help="Terraform variable definitions file (.tfvars or .tfvars.json)."),
    click.option("--cfn-param", multiple=True, callback=key_value, metavar="KEY=VALUE",
                 help="Set a CloudFormation parameter."),
    click.option("--cfn-params-file", multiple=True,
                 type=click.Path(exists=True, dir_okay=False, path_type=Path),
                 help="CloudFormation parameters file (CLI JSON or [{ParameterKey, ParameterValue}])."),
    click.option("--account-id", help="Account for resources whose account the code does not say."),
    click.option("--region", help="Region for resources whose region the code does not say."),
    click.option("--no-cache", is_flag=True, help="Do not read or write the parse cache."),
)
_NAMES = tuple(f.name for f in fields(SharedOptions))


def load_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Add the shared arguments and options to a command; it receives them as ``shared: SharedOptions``."""

    @functools.wraps(fn)
    def command(**kwargs: Any) -> Any:
        shared = SharedOptions(**{name: kwargs.pop(name) for name in _NAMES})
        return fn(shared=shared, **kwargs)

    for decorator in reversed(_CLICK_PARAMS):
        command = decorator(command)
    return command
