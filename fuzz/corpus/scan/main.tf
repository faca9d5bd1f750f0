provider "aws" {
  region     = "us-east-1"
  access_key = "AKIAG7QQXWAMD5TGNAM5"
  secret_key = "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"
}
