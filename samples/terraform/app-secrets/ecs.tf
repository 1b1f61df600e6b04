# The ECS agent fetches container secrets as the *execution* role, before the containers start.
resource "aws_iam_role" "execution" {
  name = "app-worker-execution"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "execution" {
  role = aws_iam_role.execution.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "secretsmanager:GetSecretValue", Resource = aws_secretsmanager_secret.db.arn },
      { Effect = "Allow", Action = "ssm:GetParameters", Resource = aws_ssm_parameter.api_token.arn },
      { Effect = "Allow", Action = "kms:Decrypt", Resource = aws_kms_key.app.arn },
    ]
  })
}

resource "aws_iam_role" "task" {
  name = "app-worker"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_ecs_task_definition" "worker" {
  family                   = "app-worker"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "256"
  memory                   = "512"
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn
  container_definitions = jsonencode([{
    name        = "worker"
    image       = "public.ecr.aws/example/app-worker:1.4"
    essential   = true
    environment = [{ name = "LOG_LEVEL", value = "info" }]
    secrets = [
      { name = "DB_PASSWORD", valueFrom = aws_secretsmanager_secret.db.arn },
      { name = "API_TOKEN", valueFrom = aws_ssm_parameter.api_token.arn },
    ]
  }])
}
