"""CloudFormation resource types → the same model classes the Terraform translators produce.

One module per service. Properties arrive as the CloudFormation loader evaluated them
(CFN casing, nested structures as dicts/lists, ``Unknown`` for deploy-time values whose
``ref`` names ``<template>#Resources/<LogicalId>.<Attribute>``).
"""
