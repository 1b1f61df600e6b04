# BROKEN: this date is already in the past. The imported material expired on 2026-10-31;
# KMS deleted it and both the primary and the replica are unusable (PendingImport) until
# the same material is re-imported. Nobody noticed because nothing alerts on valid_to.
# See README.md.
key_material_valid_to = "2026-10-31T00:00:00Z"
