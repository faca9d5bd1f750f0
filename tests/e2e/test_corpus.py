"""Detection quality on a corpus of realistic files (tests/data/corpus): exact recall and zero
false positives.

The corpus holds files shaped like the ones people really commit (dotenv, ~/.aws/credentials,
IAM console CSVs, SDK code in six languages, Terraform, docker-compose, a notebook, a 150 KB
minified line, SES SMTP settings, private keys, URL-encoded connection strings...) with
fabricated credentials planted in them, and decoy-only files (AWS documentation examples,
placeholders, integrity hashes, git SHAs, unique IDs, data URIs, DNA, public keys). See
tests/data/corpus/README.md.

One scan of the whole directory must report exactly EXPECTED: every expected finding present,
nothing else. A finding is identified by (path relative to the corpus, rule, line, key_id,
region, derived_from_key_id); the extracted secret is checked too (long values by SHA-256).
When the scanner and EXPECTED disagree, the test prints each discrepancy and fails: EXPECTED
describes correct behaviour and is not adjusted to match the scanner.

The corpus is static data generated once with a fixed seed; MANIFEST pins every file's SHA-256
so that a changed byte (CRLF lost to autocrlf, a final newline added by an editor) is reported
as a corpus problem rather than a detection problem.
"""
import collections
import hashlib
import json
import os
import unittest

from kstest import run

CORPUS = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                       "..", "data", "corpus"))

FIELDS = ("path", "rule", "line", "key_id", "region", "derived_from_key_id")

# Generated once with the corpus (fixed seed); edit by hand only together with the corpus.
EXPECTED = [
    # (path, rule, line, key_id, region, derived_from_key_id, secret, what)
    ('android/app/src/main/java/com/acme/upload/S3Uploader.java', 'aws-access-key-id', 11, 'AKIA27SOLK7FIZOKVT2M', None, None, 'AKIA27SOLK7FIZOKVT2M', 'Java new BasicAWSCredentials(...), keyword-less secret: access key ID'),
    ('android/app/src/main/java/com/acme/upload/S3Uploader.java', 'aws-secret-access-key', 11, 'AKIA27SOLK7FIZOKVT2M', None, None, 'vSTNf/6NVu8urQaf3691Nnlq2JVWWYnFVmyRb52k', 'Java new BasicAWSCredentials(...), keyword-less secret: secret access key'),
    ('ansible/group_vars/all.yml', 'private-key', 6, None, None, None, None, 'OpenSSH private key in an indented YAML block'),
    ('celeryconfig.py', 'aws-access-key-id', 2, 'AKIAXV4HA4XA2KN4TS37', None, None, 'AKIAXV4HA4XA2KN4TS37', 'Celery sqs://KEY:SECRET@ URL, %2F-encoded secret: access key ID'),
    ('celeryconfig.py', 'aws-secret-access-key', 2, 'AKIAXV4HA4XA2KN4TS37', None, None, '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', 'Celery sqs://KEY:SECRET@ URL, %2F-encoded secret: secret access key'),
    ('cmd/uploader/main.go', 'aws-access-key-id', 16, 'AKIA4INIXANV4S7UD6U4', None, None, 'AKIA4INIXANV4S7UD6U4', 'Go credentials.NewStaticCredentials, keyword-less secret: access key ID'),
    ('cmd/uploader/main.go', 'aws-secret-access-key', 16, 'AKIA4INIXANV4S7UD6U4', None, None, 'j6JYd9ODXvOONJLLPgv3jjDAJXN1M9PB57iiaJlp', 'Go credentials.NewStaticCredentials, keyword-less secret: secret access key'),
    ('config/mailer.yml', 'aws-access-key-id', 5, 'AKIA2MFKPHCDFKSBCM3O', None, None, 'AKIA2MFKPHCDFKSBCM3O', 'YAML config access_key_id / secret_access_key: access key ID'),
    ('config/mailer.yml', 'aws-secret-access-key', 6, 'AKIA2MFKPHCDFKSBCM3O', None, None, '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', 'YAML config access_key_id / secret_access_key: secret access key'),
    ('config/settings.json', 'aws-access-key-id', 6, 'AKIA5YVYYDD46TDRBEWT', None, None, 'AKIA5YVYYDD46TDRBEWT', 'JSON config accessKeyId / secretAccessKey: access key ID'),
    ('config/settings.json', 'aws-secret-access-key', 7, 'AKIA5YVYYDD46TDRBEWT', None, None, '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', 'JSON config accessKeyId / secretAccessKey: secret access key'),
    ('deploy/ecs/task-definition.json', 'aws-access-key-id', 27, 'AKIAYDDJ7FXB5C6343BL', None, None, 'AKIAYDDJ7FXB5C6343BL', 'ECS task definition environment [{name, value}] (secret 4 lines below key ID): access key ID'),
    ('deploy/ecs/task-definition.json', 'aws-secret-access-key', 31, 'AKIAYDDJ7FXB5C6343BL', None, None, 'KfTBc66kQ6ezXlRxDOXugupHmKSd5TF4fLSJj87P', 'ECS task definition environment [{name, value}] (secret 4 lines below key ID): secret access key'),
    ('deploy/keys/deploy_key.pem', 'private-key', 2, None, None, None, None, 'PEM RSA private key (line of the key body)'),
    ('docker-compose.yml', 'aws-access-key-id', 9, 'AKIAX3DGC7H22S5JACSI', None, None, 'AKIAX3DGC7H22S5JACSI', 'docker-compose environment list: access key ID'),
    ('docker-compose.yml', 'aws-secret-access-key', 10, 'AKIAX3DGC7H22S5JACSI', None, None, 'hqm6eN1OHyn3fXh/H3NVXq1vH5TX0t9WgM2XtL0I', 'docker-compose environment list: secret access key'),
    ('docker-compose.yml', 'aws-ses-smtp-password', 26, 'AKIAX3DGC7H22S5JACSI', 'ap-northeast-1', 'AKIAX3DGC7H22S5JACSI', 'BPD76QQhuqbjas1lE8APgM8IOGNW9flqXwwYdTKeplUl', "docker-compose SMTP_PASSWORD (v4, linked to the worker's secret)"),
    ('docs/onboarding-notes.md', 'aws-access-key-id', 7, 'AKIAW6TQ7MHA2IXABTC2', None, None, 'AKIAW6TQ7MHA2IXABTC2', 'aws configure prompt pasted into notes (keyword-less secret): access key ID'),
    ('docs/onboarding-notes.md', 'aws-secret-access-key', 8, 'AKIAW6TQ7MHA2IXABTC2', None, None, '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', 'aws configure prompt pasted into notes (keyword-less secret): secret access key'),
    ('docs/support-ticket-1234.md', 'aws-access-key-id', 5, 'ASIA46WEHVFW5I3QQFBN', None, None, 'ASIA46WEHVFW5I3QQFBN', 'presigned URL X-Amz-Credential (ASIA key ID)'),
    ('docs/support-ticket-1234.md', 'aws-session-token', 5, 'ASIA46WEHVFW5I3QQFBN', None, None, 'sha256:4b24bc4ed745cabf44c6092bd5e66666bb9143def32bed092670e6f5f6f76b37', 'presigned URL X-Amz-Security-Token, %2F/%2B-encoded (decoded token expected)'),
    ('dotnet/Acme.Web/Web.config', 'aws-access-key-id', 5, 'AKIAX6AWQHXU7YKFXF2X', None, None, 'AKIAX6AWQHXU7YKFXF2X', '.NET Web.config <add key=AWSSecretKey value=...> (CRLF): access key ID'),
    ('dotnet/Acme.Web/Web.config', 'aws-secret-access-key', 6, 'AKIAX6AWQHXU7YKFXF2X', None, None, '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', '.NET Web.config <add key=AWSSecretKey value=...> (CRLF): secret access key'),
    ('downloads/credentials.csv', 'aws-access-key-id', 2, 'AKIAVUDOBYPY5T7HCBZR', None, None, 'AKIAVUDOBYPY5T7HCBZR', 'old 5-column console credentials.csv (CRLF): access key ID'),
    ('downloads/credentials.csv', 'aws-secret-access-key', 2, 'AKIAVUDOBYPY5T7HCBZR', None, None, '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', 'old 5-column console credentials.csv (CRLF): secret access key'),
    ('downloads/rootkey.csv', 'aws-access-key-id', 1, 'AKIAX6QCOIDQPEQYPKYB', None, None, 'AKIAX6QCOIDQPEQYPKYB', 'rootkey.csv AWSAccessKeyId/AWSSecretKey: access key ID'),
    ('downloads/rootkey.csv', 'aws-secret-access-key', 2, 'AKIAX6QCOIDQPEQYPKYB', None, None, '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', 'rootkey.csv AWSAccessKeyId/AWSSecretKey: secret access key'),
    ('downloads/ses-mailer_accessKeys.csv', 'aws-access-key-id', 2, 'AKIA53UZ36KW4O2IEA7E', None, None, 'AKIA53UZ36KW4O2IEA7E', 'IAM console accessKeys.csv (CRLF), keyword-less secret: access key ID'),
    ('downloads/ses-mailer_accessKeys.csv', 'aws-secret-access-key', 2, 'AKIA53UZ36KW4O2IEA7E', None, None, '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', 'IAM console accessKeys.csv (CRLF), keyword-less secret: secret access key'),
    ('etc/postfix/sasl_passwd', 'aws-access-key-id', 1, 'AKIAT5SWZBXBTIKBW5MP', None, None, 'AKIAT5SWZBXBTIKBW5MP', 'postfix sasl_passwd SMTP user (key ID)'),
    ('etc/postfix/sasl_passwd', 'aws-ses-smtp-password', 1, 'AKIAT5SWZBXBTIKBW5MP', 'us-east-2', None, 'BNZQfrxOa3+REr8jKoXKSRFrbJkbYtv2N9RN5pdkY1bu', 'postfix sasl_passwd SMTP password (region from the relay host)'),
    ('home/.aws/credentials', 'aws-access-key-id', 2, 'AKIAWE63NYV43MTFKJPH', None, None, 'AKIAWE63NYV43MTFKJPH', 'credentials INI [default]: access key ID'),
    ('home/.aws/credentials', 'aws-secret-access-key', 3, 'AKIAWE63NYV43MTFKJPH', None, None, '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', 'credentials INI [default]: secret access key'),
    ('home/.aws/credentials', 'aws-access-key-id', 6, 'ASIATGHM45BN5M2UJ6YU', None, None, 'ASIATGHM45BN5M2UJ6YU', 'credentials INI [ci-deploy] (ASIA): access key ID'),
    ('home/.aws/credentials', 'aws-secret-access-key', 7, 'ASIATGHM45BN5M2UJ6YU', None, None, 'i/qApCE1eDJVX8RYEYus6NL3NgUD23kSpjSkmwf2', 'credentials INI [ci-deploy] (ASIA): secret access key'),
    ('home/.aws/credentials', 'aws-session-token', 8, 'ASIATGHM45BN5M2UJ6YU', None, None, 'sha256:b2562348c0bf5770dbda383da1623068759057dbcdeccf43ddd08be1700a37b9', 'credentials INI [ci-deploy] aws_session_token'),
    ('infra/main.tf', 'aws-access-key-id', 7, 'AKIAWOT3F5WQN74W6S4J', None, None, 'AKIAWOT3F5WQN74W6S4J', 'Terraform provider access_key / secret_key: access key ID'),
    ('infra/main.tf', 'aws-secret-access-key', 8, 'AKIAWOT3F5WQN74W6S4J', None, None, '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', 'Terraform provider access_key / secret_key: secret access key'),
    ('integration/camel.properties', 'aws-access-key-id', 2, 'AKIA5J6JMYOBTLUQZGUF', None, None, 'AKIA5J6JMYOBTLUQZGUF', 'Camel URI accessKey=...&secretKey=..., %2F-encoded secret: access key ID'),
    ('integration/camel.properties', 'aws-secret-access-key', 2, 'AKIA5J6JMYOBTLUQZGUF', None, None, '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', 'Camel URI accessKey=...&secretKey=..., %2F-encoded secret: secret access key'),
    ('k8s/uploader-deployment.yaml', 'aws-access-key-id', 20, 'AKIAR7SILFKA5MFZ3FWH', None, None, 'AKIAR7SILFKA5MFZ3FWH', 'Kubernetes env list name/value: access key ID'),
    ('k8s/uploader-deployment.yaml', 'aws-secret-access-key', 22, 'AKIAR7SILFKA5MFZ3FWH', None, None, 'iTLCgIy3cWhruRDpG2Sb+QrDmgitXAZTfj9RyFm9', 'Kubernetes env list name/value: secret access key'),
    ('laravel/config/filesystems.php', 'aws-access-key-id', 16, 'AKIA2TREZSCPVC3AA2U6', None, None, 'AKIA2TREZSCPVC3AA2U6', "PHP array 'key' => / 'secret' =>, keyword-less secret: access key ID"),
    ('laravel/config/filesystems.php', 'aws-secret-access-key', 17, 'AKIA2TREZSCPVC3AA2U6', None, None, 'yB3yG6apzG225Ux3nuf0rsRw+H2BRN9z+oJ69fyN', "PHP array 'key' => / 'secret' =>, keyword-less secret: secret access key"),
    ('mysite/settings.py', 'aws-access-key-id', 11, 'AKIA2CKEDQ7VLGCSRCJM', None, None, 'AKIA2CKEDQ7VLGCSRCJM', 'Django EMAIL_HOST_USER (key ID)'),
    ('mysite/settings.py', 'aws-ses-smtp-password', 12, 'AKIA2CKEDQ7VLGCSRCJM', 'eu-central-1', None, 'BAWdQGvUy5Izf2SF2VNbvmIi0vAmItLSNQpwuj+0vvuJ', 'Django EMAIL_HOST_PASSWORD next to email-smtp.eu-central-1'),
    ('notebooks/explore_s3.ipynb', 'aws-access-key-id', 22, 'AKIA47JIXMEOSAZQGSEK', None, None, 'AKIA47JIXMEOSAZQGSEK', 'Jupyter notebook, key inside a JSON-escaped source string: access key ID'),
    ('notebooks/explore_s3.ipynb', 'aws-secret-access-key', 23, 'AKIA47JIXMEOSAZQGSEK', None, None, 'wvInTlXWLlCTRi7mTpCuv6N9bmAhA4RLCFs643t3', 'Jupyter notebook, key inside a JSON-escaped source string: secret access key'),
    ('scripts/deploy.sh', 'aws-secret-access-key', 4, None, None, None, 'EelK2GbWdHsSXTo2+itzEV9oiZgRsqqgx6TAMpeS', 'export AWS_SECRET_ACCESS_KEY with no key ID in the file'),
    ('scripts/upload_reports.py', 'aws-access-key-id', 12, 'AKIAV5VQR6FUWWTYTDUU', None, None, 'AKIAV5VQR6FUWWTYTDUU', 'boto3.client(aws_access_key_id=..., aws_secret_access_key=...): access key ID'),
    ('scripts/upload_reports.py', 'aws-secret-access-key', 12, 'AKIAV5VQR6FUWWTYTDUU', None, None, 'Xquy/pQ/KO3VdYeVnfpXx0O4IjAwzNTD2CLbX/7W', 'boto3.client(aws_access_key_id=..., aws_secret_access_key=...): secret access key'),
    ('services/mailer/.env', 'aws-access-key-id', 4, 'AKIA53UZ36KW4O2IEA7E', None, None, 'AKIA53UZ36KW4O2IEA7E', 'MAIL_USERNAME (key ID)'),
    ('services/mailer/.env', 'aws-ses-smtp-password', 5, 'AKIA53UZ36KW4O2IEA7E', 'us-west-2', 'AKIA53UZ36KW4O2IEA7E', 'AvI2QI5/wUkCHyR+cVAyjpfJUWq7t4EQyaEbhkM7aOO0', 'MAIL_PASSWORD v2 (region from host; linked to ses-mailer_accessKeys.csv)'),
    ('ses/smtp-credentials.csv', 'aws-access-key-id', 2, 'AKIA2MFKPHCDFKSBCM3O', None, None, 'AKIA2MFKPHCDFKSBCM3O', 'SES SMTP CSV: SMTP user name (key ID)'),
    ('ses/smtp-credentials.csv', 'aws-ses-smtp-password', 2, 'AKIA2MFKPHCDFKSBCM3O', 'us-east-1', 'AKIA2MFKPHCDFKSBCM3O', 'BMNbbFeGpechpYO01fvkKqHkRdyCbFCCicsCjvx2er2l', 'SES SMTP CSV: SMTP password (v4 us-east-1, linked to config/mailer.yml)'),
    ('src/main/resources/application-prod.properties', 'aws-access-key-id', 7, 'AKIAXKJT2SXRX46NZTDI', None, None, 'AKIAXKJT2SXRX46NZTDI', 'spring.mail.username (key ID)'),
    ('src/main/resources/application-prod.properties', 'aws-ses-smtp-password', 8, 'AKIAXKJT2SXRX46NZTDI', 'eu-west-1', None, 'BNU+woIVzbFwH1C7kSPTBSNxRTxVWnoX7qDWXbUHGNbl', 'spring.mail.password next to email-smtp.eu-west-1 (secret not in corpus: no derived_from)'),
    ('storage/app/aws.json', 'aws-access-key-id', 1, 'AKIAY3AXVBQ54V5DQORV', None, None, 'AKIAY3AXVBQ54V5DQORV', "PHP json_encode output, '/' in the secret escaped as '\\/': access key ID"),
    ('storage/app/aws.json', 'aws-secret-access-key', 1, 'AKIAY3AXVBQ54V5DQORV', None, None, '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', "PHP json_encode output, '/' in the secret escaped as '\\/': secret access key"),
    ('terraform/ses/terraform.tfstate', 'aws-access-key-id', 20, 'AKIAT5DHGTOA6UAJQWBI', None, None, 'AKIAT5DHGTOA6UAJQWBI', 'terraform.tfstate aws_iam_access_key id/secret: access key ID'),
    ('terraform/ses/terraform.tfstate', 'aws-secret-access-key', 23, 'AKIAT5DHGTOA6UAJQWBI', None, None, 'uDD9VldDejuCAAMiSjF6rk+qBp1wH/JnroJ0KfAj', 'terraform.tfstate aws_iam_access_key id/secret: secret access key'),
    ('terraform/ses/terraform.tfstate', 'aws-ses-smtp-password', 24, 'AKIAT5DHGTOA6UAJQWBI', 'eu-west-2', 'AKIAT5DHGTOA6UAJQWBI', 'BMgtmpc8pWxwbH/j/ajLxXwltg/ikrnQ6eli1Xz/I7Vp', 'terraform.tfstate ses_smtp_password_v4 (v4 eu-west-2, same resource)'),
    ('tmp/assume-role-output.json', 'aws-access-key-id', 3, 'ASIAR2FCLF2KSGCELXTN', None, None, 'ASIAR2FCLF2KSGCELXTN', 'aws sts assume-role JSON output: access key ID'),
    ('tmp/assume-role-output.json', 'aws-secret-access-key', 4, 'ASIAR2FCLF2KSGCELXTN', None, None, 'y8PyCcKeziw2iQREOMuEKLGL/D9gnxKRIfe0USjS', 'aws sts assume-role JSON output: secret access key'),
    ('tmp/assume-role-output.json', 'aws-session-token', 5, 'ASIAR2FCLF2KSGCELXTN', None, None, 'sha256:0b19ed7915b6807ae1f1d9ee121497aaf6186a3da043a91413edc8cea0b3e9b5', 'aws sts assume-role SessionToken'),
    ('web/src/lib/s3.ts', 'aws-access-key-id', 6, 'AKIA53D6AK3RRNNIRMBL', None, None, 'AKIA53D6AK3RRNNIRMBL', 'TypeScript S3Client credentials {accessKeyId, secretAccessKey}: access key ID'),
    ('web/src/lib/s3.ts', 'aws-secret-access-key', 7, 'AKIA53D6AK3RRNNIRMBL', None, None, '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', 'TypeScript S3Client credentials {accessKeyId, secretAccessKey}: secret access key'),
    ('web/static/js/vendor.min.js', 'aws-access-key-id', 2, 'AKIA54FSAZVGFF2KKMJZ', None, None, 'AKIA54FSAZVGFF2KKMJZ', 'minified JS (one 100 KB+ line), new AWS.S3({accessKeyId, secretAccessKey}): access key ID'),
    ('web/static/js/vendor.min.js', 'aws-access-key-id', 2, 'AKIAYA7VGXY273KDHIHP', None, None, 'AKIAYA7VGXY273KDHIHP', 'minified JS (one 100 KB+ line), {k:..., s:...} keyword-less: access key ID'),
    ('web/static/js/vendor.min.js', 'aws-secret-access-key', 2, 'AKIA54FSAZVGFF2KKMJZ', None, None, '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', 'minified JS (one 100 KB+ line), new AWS.S3({accessKeyId, secretAccessKey}): secret access key'),
    ('web/static/js/vendor.min.js', 'aws-secret-access-key', 2, 'AKIAYA7VGXY273KDHIHP', None, None, 'p1gjj7EP3fHGFK+6EZMr7LTwqH9R6ISZb6DpEVHs', 'minified JS (one 100 KB+ line), {k:..., s:...} keyword-less: secret access key'),
    ('webapp/.env', 'aws-access-key-id', 13, 'AKIAYLWEPL5NIOGOCTEL', None, None, 'AKIAYLWEPL5NIOGOCTEL', 'dotenv AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY: access key ID'),
    ('webapp/.env', 'aws-secret-access-key', 14, 'AKIAYLWEPL5NIOGOCTEL', None, None, 'ef8wx9/wFrrB7YJIsDa9xbgeGbwWV8g69dgvY4Jb', 'dotenv AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY: secret access key'),
]

DECOYS = [
    # (path, line, what): nothing may be reported on these lines
    ('.env.example', 2, 'placeholder key ID AKIAXXXXXXXXXXXXXXXX'),
    ('.env.example', 3, 'placeholder secret of 40 x'),
    ('.env.example', 5, '${AWS_ACCESS_KEY_ID} reference'),
    ('.env.example', 6, '${AWS_SECRET_ACCESS_KEY} reference'),
    ('.env.example', 7, '<your-smtp-password> placeholder'),
    ('.env.example', 8, "placeholder 'changeme'"),
    ('.github/workflows/deploy.yml', 10, 'pinned action SHA next to aws-secret-access-key'),
    ('.github/workflows/deploy.yml', 13, '${{ secrets.AWS_SECRET_ACCESS_KEY }} reference'),
    ('CHANGELOG.md', 4, "git SHA next to the word 'secret'"),
    ('CHANGELOG.md', 5, "git SHA after 'secret_key =' (hex-only)"),
    ('CHANGELOG.md', 8, 'git SHA in a line about a secret'),
    ('bio/primers.tsv', 2, '20-nt primer ACCA+16 (key-ID sized, only A/C/G/T)'),
    ('bio/sample.fasta', 2, 'DNA sequence beginning ACCA (FASTA)'),
    ('certs/jwt-public.pem', 2, 'PEM public key block'),
    ('config/app.yml', 4, '40-char base64 token, no AWS keyword, no key ID in the file'),
    ('config/redis.env', 3, '44-char B[A-P] password with no SMTP/mail context'),
    ('deploy/keys/deploy_key.pub', 1, 'OpenSSH public key'),
    ('docker-compose.yml', 25, '${...} placeholder SMTP user'),
    ('docs/aws-setup.md', 7, 'AWS docs example key ID (aws configure prompt)'),
    ('docs/aws-setup.md', 8, 'AWS docs example secret (aws configure prompt)'),
    ('docs/aws-setup.md', 17, 'AWS docs example key ID (INI)'),
    ('docs/aws-setup.md', 18, 'AWS docs example secret (INI)'),
    ('docs/aws-setup.md', 21, 'AWS docs example key ID #2'),
    ('docs/aws-setup.md', 22, 'AWS docs example secret #2'),
    ('docs/support-ticket-1234.md', 5, 'X-Amz-Signature (64 hex)'),
    ('infra/main.tf', 12, 'git SHA (module ref) within 3 lines of a key ID'),
    ('infra/terraform.tfvars.example', 2, 'placeholder key ID in tfvars'),
    ('infra/terraform.tfvars.example', 3, '<your-secret-key> placeholder'),
    ('logs/cloudtrail/2024-05-01-events.json', 12, 'AIDA user unique ID'),
    ('logs/cloudtrail/2024-05-01-events.json', 33, 'AROA role unique ID (principalId)'),
    ('logs/cloudtrail/2024-05-01-events.json', 40, 'AROA role unique ID (roleId)'),
    ('notebooks/explore_s3.ipynb', 36, 'key-ID shape inside a base64 image/png output'),
    ('tests/aws_fixtures.py', 11, 'AWS docs example key ID in a moto fixture'),
    ('tests/aws_fixtures.py', 12, 'AWS docs example secret in a moto fixture'),
    ('tmp/assume-role-output.json', 9, 'AROA unique ID in AssumedRoleId'),
    ('web/package-lock.json', 18, 'sha512 integrity hash'),
    ('web/package-lock.json', 23, 'key-ID shape inside a sha512 integrity hash'),
    ('web/static/css/app.css', 4, 'key-ID shape inside a CSS data: URI'),
    ('web/static/js/vendor.min.js', 2, 'SRI sha384 hash on the long line'),
    ('web/templates/index.html', 5, 'key-ID shape inside an HTML data: URI'),
    ('web/yarn.lock', 7, 'yarn resolved URL with a 40-hex SHA'),
    ('web/yarn.lock', 8, 'yarn integrity sha512'),
    ('webapp/.env', 11, "placeholder password 'changeme'"),
    ('webapp/.env', 26, '40-char base64 salt, 12 lines from the key ID, no AWS keyword'),
]

MANIFEST = {
    '.env.example': 'd0013cb26c57557f588c856e24d0c133f0b33a311fc8529662d42fd9b043d768',
    '.github/workflows/deploy.yml': '97e750419eb724ff80407b37489fdf09e20fae8152f68e47dd7610b584be15dc',
    'CHANGELOG.md': '5e119d7faf3e85d24f1fb72716256fec3c52b01d395c159c71f0bc56b1c3feea',
    'README.md': 'a772fead67ea673c47be39cf9e9face5752d33c58ce712f13f88c49450dc81e5',
    'android/app/src/main/java/com/acme/upload/S3Uploader.java': 'c629ce86de551715cff20e8371e2abd151673e442ef8314c0cf013d105c5d347',
    'ansible/group_vars/all.yml': 'dbfd20f46ff056c8b18b67269de4d8e30430d44c4f8956d7414ff63477dc91c4',
    'bio/primers.tsv': 'be5c6e6e892867c77de931ab80c3d8a2de6cff77f92ea1f11312b2e82e45372e',
    'bio/sample.fasta': '441dc8c70f15157229fe9e88d063ac369a9010d3253ac4efe93ad1757ff3e0db',
    'celeryconfig.py': 'c65ea724a510ba68189b6f78339676f4f7616cf52de430fe26c055f8df7d7498',
    'certs/jwt-public.pem': '57762c8f3665084d63bb9458969cbd1fcde0c2113ae7616a64ff48c115e5726a',
    'cmd/uploader/main.go': '48981a96bfbc7c43fee73eec0cf70c5a3baed7b32023a6446bdae6818f5bbbc4',
    'config/app.yml': '0740f3f671f5ed0c011a170a37ac5c166b69c3493ec5ae56ab0077134ffa8e0d',
    'config/mailer.yml': 'da57a6fc81bb091b353a1b5025adee1334a6fb82073aeebadeb477bba14f2102',
    'config/redis.env': '596880083204f78836eaa63d39604d328e87fd450042ab63e0cdd15314c28779',
    'config/settings.json': 'd13e2e30d1d30eefd52b59730c42aa5b54bafafb9f1f5681e62128850ac9ae25',
    'deploy/ecs/task-definition.json': 'b4b894d5677d3ce2375316913f9d02a9ac7b8741d248cc6f527432fa20495cae',
    'deploy/keys/deploy_key.pem': 'd73c5ee77f970947f4c42b39834451962b428f255afffba679e46f2495fe9712',
    'deploy/keys/deploy_key.pub': 'a916966187048bc241b6abb4754947ee51e14d752862342e6182998e75ef23f4',
    'docker-compose.yml': '10578b05b452fecff0899a7e907dab51c8dca72aead3f32e515f80d1b0e53ea3',
    'docs/aws-setup.md': '219149dbb2e2f9da5d45f570d1d142f4a6327246a4657e48a43bbc948e6dd8e6',
    'docs/onboarding-notes.md': 'fcbfde1a1acc46ffc65c808b6fcbe1c217a20cae93d41d4110edba063f49ef8a',
    'docs/support-ticket-1234.md': 'd800e9ab797d257738bbbf41201decd6492ddc9f04a4997ff095320e5303d368',
    'dotnet/Acme.Web/Web.config': '34db3656d02f4abcbef5275ee30020132a32b7c4f0f158bd194bc4705940dae7',
    'downloads/credentials.csv': 'df0b1df123c1aff70584bc3da19a3cd755083827b07c6335b3297460df9c076e',
    'downloads/rootkey.csv': '703d2b61441c828f1f6a4e86b4f6787d831b98367ac3be7a25c75e9144183ec8',
    'downloads/ses-mailer_accessKeys.csv': '15c9f1cecaa910cb32851e70ef7c3278ab4f448212220e7620baa5576edfb7a6',
    'etc/postfix/sasl_passwd': 'c60f4e8f7a87d67f92825d1eee3d0ea5c430708ecba253dae980061700a6e764',
    'home/.aws/credentials': '00843ab15d7ed9577f8783bcb0ce560da0b50a8fe6595029c657df26a18c2182',
    'infra/main.tf': '2ea7de44f4a10b08943a92b114b2ff6684180eae4976cce2ef6f93c7ed9b0579',
    'infra/terraform.tfvars.example': '00922205f351533ea7505c610a647d9aa1da86eebbd9b34f80aaf1e1ec53c866',
    'integration/camel.properties': '94975c81be02ce0f38ad7eb7260d5e590e334338cd4beb8333bd4452b357fb32',
    'k8s/uploader-deployment.yaml': 'aed3181df3a1bab2f549660f37609c73d63569c691fb9e0c411642a3da51b031',
    'laravel/config/filesystems.php': '04bd0a828dac827c7f27d7fc17c633dc345af0d3146be2ab7fdcbe87b80ac7cf',
    'logs/cloudtrail/2024-05-01-events.json': 'b5dd166b5f2f7a66a92faf4c8d63802e186e40e192f3a3f680adc5d26920dcca',
    'mysite/settings.py': 'e8ba4d8cee8adcf32b4935c6cc2993323ae99b7a544959804efee13f9763c8b6',
    'notebooks/explore_s3.ipynb': 'a628662b7d030ca564e8bf13e4f9f07bc3ec718f8b21f1ede3bc1c40e6bf4dcc',
    'scripts/deploy.sh': 'b24b7bba0658aacb9d5b9ddbff49466cbb35315da76840b7c18ae21b1c1f4b1d',
    'scripts/upload_reports.py': '2936046d7918333887df8c9c78d9e739faf387c68a8918c36f5883ee37154c6b',
    'services/mailer/.env': '935e60c0778cd3ef3f592ea41c494520051da0d8fe381f98b5674dd431be2b15',
    'ses/smtp-credentials.csv': '0ea64d7907aaf9d26b6af62615e96566f9bfb02ad823b43247916566a50e6e58',
    'src/main/resources/application-prod.properties': '719cc316c6258f0a08315d9d3d5f655daf04efa2f746ac94adef540ede826e40',
    'storage/app/aws.json': '88891579edc93d7ff6081cec83708af562d156322e4219c965d19c2f53a80190',
    'terraform/ses/terraform.tfstate': '52646d1ed5658baefdc5a99c1e62111cd258274c09d7f73fc75ca9bda517e22a',
    'tests/aws_fixtures.py': '00129e6c0e4efa2a6f1bcac751f3c138f1537147291c88adc6a52456f19b4742',
    'tmp/assume-role-output.json': 'dbc00972f5a940754c438a348ac53393fbf8c8d4fb9dcc45b99e3c29ec82257b',
    'web/package-lock.json': '55d8b889e0d531b4a00ab392120efe92b3d70f96ad08f4d19214e3745b6a2ec0',
    'web/src/lib/s3.ts': '4af1d07eaeba97c310153ffce2dd8221820a10eca0896a53a4eefdfe0ad86110',
    'web/static/css/app.css': '9009a1929040b904d12f7a9f534db7c5d2724a1b5cda008a478457ef1e2fd1ab',
    'web/static/js/vendor.min.js': '2f2220247b4c1a4555cca343ca2a8789acd3e00f951f6f943f4e4173b2567dc7',
    'web/templates/index.html': '588ff7c41352ae35c9e72460ec2870bd93161c056cf365898dce204a2389d564',
    'web/yarn.lock': 'd017cc4cdc2096a576ee3669b255097050e3a46198a0e99f344b9cc087f1f3e4',
    'webapp/.env': 'ca5cde559868e2f6ee19122b7bb2de72a45af62f7eb7b46dcfae85791a0d0dfb',
}


def _secret_digest(value):
    """How EXPECTED spells a secret: literally up to 64 characters, else by SHA-256."""
    if value is None or len(value) <= 64:
        return value
    return "sha256:" + hashlib.sha256(value.encode()).hexdigest()


def _fmt(key, extra=""):
    path, rule, line, key_id, region, derived = key
    parts = [f"{path}:{line}", rule, f"key_id={key_id}"]
    if region is not None:
        parts.append(f"region={region}")
    if derived is not None:
        parts.append(f"derived_from_key_id={derived}")
    return "  " + "  ".join(parts) + (f"\n      {extra}" if extra else "")


def _short(value, n=48):
    if value is None:
        return "None"
    return value if len(value) <= n else value[:n] + f"... ({len(value)} chars)"


def _files_on_disk():
    out = {}
    for root, dirs, files in os.walk(CORPUS):
        dirs.sort()
        for name in sorted(files):
            full = os.path.join(root, name)
            with open(full, "rb") as f:
                out[os.path.relpath(full, CORPUS).replace(os.sep, "/")] = \
                    hashlib.sha256(f.read()).hexdigest()
    return out


class CorpusIntegrity(unittest.TestCase):
    """The corpus is what EXPECTED was written for."""

    def test_files_are_the_committed_ones(self):
        on_disk = _files_on_disk()
        missing = sorted(set(MANIFEST) - set(on_disk))
        extra = sorted(set(on_disk) - set(MANIFEST))
        changed = sorted(p for p in set(MANIFEST) & set(on_disk) if MANIFEST[p] != on_disk[p])
        problems = [f"  missing: {p}" for p in missing] + [f"  not in MANIFEST: {p}" for p in extra] + \
                   [f"  changed: {p}" for p in changed]
        if problems:
            self.fail("tests/data/corpus differs from MANIFEST (line endings rewritten by git or "
                      "an editor? a file dropped by .gitignore?). Line numbers in EXPECTED may no "
                      "longer hold; update EXPECTED and MANIFEST together.\n" + "\n".join(problems))

    def test_format_properties_the_corpus_relies_on(self):
        def read(rel):
            with open(os.path.join(CORPUS, rel), "rb") as f:
                return f.read()
        for rel in ("downloads/ses-mailer_accessKeys.csv", "downloads/credentials.csv",
                    "ses/smtp-credentials.csv", "dotnet/Acme.Web/Web.config"):
            data = read(rel)
            self.assertEqual(data.count(b"\r\n"), data.count(b"\n"), f"{rel} must be all CRLF")
        self.assertFalse(read("downloads/rootkey.csv").endswith(b"\n"))
        longest = max(len(line) for line in read("web/static/js/vendor.min.js").split(b"\n"))
        self.assertGreaterEqual(longest, 100_000)
        nb = read("notebooks/explore_s3.ipynb")
        json.loads(nb)
        self.assertIn(b'aws_secret_access_key=\\"', nb)  # the key sits in a JSON-escaped string
        self.assertIn(b"\\/", read("storage/app/aws.json"))
        self.assertIn(b"%2F", read("celeryconfig.py"))
        self.assertIn(b"%2F", read("integration/camel.properties"))


class CorpusDetection(unittest.TestCase):
    """One scan of the corpus reports exactly EXPECTED."""

    @classmethod
    def setUpClass(cls):
        cls.result = run("--format", "json", "--show-secrets", "scan", CORPUS)
        try:
            cls.report = cls.result.json()
        except ValueError:
            cls.report = None

    def findings(self):
        self.assertIsNotNone(self.report, f"keysweep printed no JSON report: {self.result!r}")
        out = []
        for f in self.report["findings"]:
            path = f["path"]
            if os.path.isabs(path) or path.startswith(CORPUS):
                path = os.path.relpath(path, CORPUS)
            path = path.replace(os.sep, "/")
            out.append(((path, f["rule"], f["line"], f["key_id"], f["region"],
                         f["derived_from_key_id"]), f["secret"]))
        return out

    def test_scan_reports_findings_and_no_errors(self):
        self.assertEqual(self.result.code, 1, repr(self.result))
        summary = self.report["summary"]
        self.assertEqual(summary["errors"], 0, repr(self.result))
        self.assertEqual(summary["skipped"], 0, repr(self.result))
        self.assertEqual(summary["blobs_scanned"], len(MANIFEST), repr(self.result))

    def test_findings_are_exactly_the_expected_ones(self):
        expected = collections.Counter(tuple(e[:6]) for e in EXPECTED)
        self.assertEqual(max(expected.values()), 1, "EXPECTED has duplicate entries")
        what = {tuple(e[:6]): e[7] for e in EXPECTED}
        want_secret = {tuple(e[:6]): e[6] for e in EXPECTED}
        decoys = {(d[0], d[1]): d[2] for d in DECOYS}

        got = self.findings()
        actual = collections.Counter(key for key, _ in got)
        secrets = collections.defaultdict(list)
        for key, secret in got:
            secrets[key].append(secret)

        missing = sorted(set(expected) - set(actual))
        unexpected = sorted(set(actual) - set(expected))
        duplicated = sorted(k for k in actual if actual[k] > 1)
        wrong_secret = sorted(
            k for k in set(expected) & set(actual) if want_secret[k] is not None
            and any(_secret_digest(s) != want_secret[k] for s in secrets[k]))

        # A missing and an unexpected finding at the same place are one finding with wrong fields.
        def place(k):
            return k[:3]
        unexpected_at = collections.defaultdict(list)
        for k in unexpected:
            unexpected_at[place(k)].append(k)
        mismatched = [(m, unexpected_at.pop(place(m))) for m in missing if place(m) in unexpected_at]
        mismatched_keys = {m for m, _ in mismatched}
        missing = [m for m in missing if m not in mismatched_keys]
        unexpected = [k for ks in unexpected_at.values() for k in ks]

        sections = []
        if missing:
            sections.append(f"MISSED ({len(missing)}): expected, not reported (recall)\n" +
                            "\n".join(_fmt(k, what[k]) for k in missing))
        if mismatched:
            lines = []
            for m, others in mismatched:
                lines.append(_fmt(m, "expected: " + what[m]))
                lines.extend(_fmt(o, "reported instead") for o in others)
            sections.append(f"WRONG FIELDS ({len(mismatched)}): reported at the expected place "
                            "with a different key_id/region/derived_from_key_id\n" + "\n".join(lines))
        if unexpected:
            def why(k):
                label = decoys.get((k[0], k[2]))
                shown = ", ".join(_short(s) for s in secrets[k])
                return (f"DECOY: {label}; " if label else "") + f"secret {shown}"
            sections.append(f"UNEXPECTED ({len(unexpected)}): reported, not expected "
                            "(false positives)\n" + "\n".join(_fmt(k, why(k)) for k in unexpected))
        if duplicated:
            sections.append(f"DUPLICATED ({len(duplicated)}): reported more than once\n" +
                            "\n".join(_fmt(k, f"{actual[k]} times") for k in duplicated))
        if wrong_secret:
            sections.append(f"WRONG SECRET ({len(wrong_secret)})\n" + "\n".join(
                _fmt(k, f"expected {_short(want_secret[k])}, got "
                        + ", ".join(_short(s) for s in secrets[k])) for k in wrong_secret))
        if sections:
            matched = len(set(expected) & set(actual))
            self.fail(f"corpus findings differ from EXPECTED: {matched}/{len(expected)} expected "
                      f"findings reported exactly, {len(got)} findings in all\n\n" +
                      "\n\n".join(sections))


if __name__ == "__main__":
    unittest.main()
