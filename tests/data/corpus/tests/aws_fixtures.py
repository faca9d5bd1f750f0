import os

import boto3
import pytest
from moto import mock_aws


@pytest.fixture
def aws_credentials():
    """Fake credentials for moto; the documentation's example key."""
    os.environ["AWS_ACCESS_KEY_ID"] = "AKIAIOSFODNN7EXAMPLE"
    os.environ["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    os.environ["AWS_DEFAULT_REGION"] = "us-east-1"


@mock_aws
def test_upload(aws_credentials):
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="b")
    s3.put_object(Bucket="b", Key="k", Body=b"x")
    assert s3.get_object(Bucket="b", Key="k")["Body"].read() == b"x"
