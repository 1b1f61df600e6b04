"""Translators from loader resources to model objects, one module per service and input format.

``terraform/<service>.py`` handles Terraform types (HCL, JSON and plan input look
the same here), ``cloudformation/<service>.py`` CloudFormation types. Both produce
the same model classes. Shared helpers for reading attributes live in
:mod:`iacsim.model.translate.attrs`.
"""
