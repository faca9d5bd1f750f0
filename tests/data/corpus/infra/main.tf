terraform {
  required_version = ">= 1.5"
}

provider "aws" {
  region     = "us-east-2"
  access_key = "AKIAWOT3F5WQN74W6S4J"
  secret_key = "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"
}

module "vpc" {
  source = "git::https://github.com/acme/terraform-modules.git//vpc?ref=a2413e6f06dcbe761c94fb37bc737bd24ff203f0"
  cidr   = "10.20.0.0/16"
}
