"""Terraform configurations (``.tf``, ``.tf.json``) → :class:`~iacsim.load.resource.Resource` records.

Public API:

* :func:`load_terraform` — evaluate every root module found among the scanned directories.
* :class:`TerraformOptions` — ``--var-file``, ``--var``, config and default placement.
"""

from __future__ import annotations

from iacsim.load.terraform.loader import load_terraform
from iacsim.load.terraform.options import TerraformOptions

__all__ = ["TerraformOptions", "load_terraform"]
