"""CloudFormation templates (YAML or JSON, short and long intrinsic forms) → :class:`Resource` records.

Public API::

    is_template(path: Path, text: str) -> bool
    load_template(path: Path, rel: str, text: str, options: CfnOptions) -> LoadResult

Resources get ``origin="cloudformation"``, ``type`` ``AWS::…``, address
``<rel>#Resources/<LogicalId>`` (``…[<region>]`` for each copy of a template that
``.iacsim.yml`` deploys to several regions), ``attrs`` = the evaluated
``Properties`` and ``attr_lines`` = the line of each property.
"""

from iacsim.load.cloudformation.loader import is_template, load_template
from iacsim.load.cloudformation.options import CfnOptions, parse_parameters, read_parameters_file

__all__ = ["CfnOptions", "is_template", "load_template", "parse_parameters", "read_parameters_file"]
