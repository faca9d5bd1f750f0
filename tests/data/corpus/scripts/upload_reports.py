#!/usr/bin/env python3
"""Uploads the nightly reports to S3."""
import glob
import os

import boto3

BUCKET = "acme-nightly-reports"


def main():
    s3 = boto3.client("s3", aws_access_key_id="AKIAV5VQR6FUWWTYTDUU", aws_secret_access_key="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")
    for path in glob.glob("out/*.csv"):
        s3.upload_file(path, BUCKET, os.path.basename(path))


if __name__ == "__main__":
    main()
