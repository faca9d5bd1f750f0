# Celery with Amazon SQS as the broker; the secret must be URL-encoded.
broker_url = "sqs://AKIAXV4HA4XA2KN4TS37:epf3DXIw7uUzVYE%2B6HEwfZbRiV5R8LwShiKZvZ%2Ff@"
broker_transport_options = {"region": "eu-west-1", "visibility_timeout": 3600}
task_default_queue = "acme-tasks"
