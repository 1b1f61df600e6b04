"""Placement rules: where a resource is deployed (account and Region) as the code writes it."""
