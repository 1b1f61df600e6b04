# Material imported on 2026-07-01, valid one year minus a day; the re-import is scheduled
# in the payments runbook 30 days before this date.
key_material_valid_to = "2027-06-30T00:00:00Z"
