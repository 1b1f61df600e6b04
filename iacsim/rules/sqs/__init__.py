"""SQS queue rules (SQS###): producers and consumers that cannot use a queue's key or policy, open queue policies."""
