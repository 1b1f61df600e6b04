account_id  = "111122223333"
app         = "billing"
environment = "prod"
