creds := credentials.NewStaticCredentials("AKIAR5SS33GDWO2QX4XE", "0XIPp2/Cn3KxhY8VDelBPAZ4NwjXJnS1XZn8k8o7", "")
