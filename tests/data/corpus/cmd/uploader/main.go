package main

import (
	"log"
	"os"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/aws/credentials"
	"github.com/aws/aws-sdk-go/aws/session"
	"github.com/aws/aws-sdk-go/service/s3/s3manager"
)

func main() {
	sess := session.Must(session.NewSession(&aws.Config{
		Region:      aws.String("us-west-2"),
		Credentials: credentials.NewStaticCredentials("AKIA4INIXANV4S7UD6U4", "j6JYd9ODXvOONJLLPgv3jjDAJXN1M9PB57iiaJlp", ""),
	}))
	f, err := os.Open(os.Args[1])
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	up := s3manager.NewUploader(sess)
	if _, err := up.Upload(&s3manager.UploadInput{Bucket: aws.String("acme-artifacts"), Key: aws.String(os.Args[1]), Body: f}); err != nil {
		log.Fatal(err)
	}
}
