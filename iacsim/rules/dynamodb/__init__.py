"""DynamoDB rules."""
