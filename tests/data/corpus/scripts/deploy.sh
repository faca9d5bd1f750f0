#!/bin/sh
set -eu
export AWS_ACCESS_KEY_ID="$(vault kv get -field=access_key secret/deploy)"
export AWS_SECRET_ACCESS_KEY="EelK2GbWdHsSXTo2+itzEV9oiZgRsqqgx6TAMpeS"
aws s3 sync ./dist "s3://acme-site-prod" --delete
