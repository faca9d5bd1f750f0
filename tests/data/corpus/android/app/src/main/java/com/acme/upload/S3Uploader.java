package com.acme.upload;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.regions.Regions;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;

public final class S3Uploader {
    private static final BasicAWSCredentials CREDS =
            new BasicAWSCredentials("AKIA27SOLK7FIZOKVT2M", "vSTNf/6NVu8urQaf3691Nnlq2JVWWYnFVmyRb52k");

    private final AmazonS3 s3 = AmazonS3ClientBuilder.standard()
            .withRegion(Regions.AP_SOUTHEAST_2)
            .withCredentials(new AWSStaticCredentialsProvider(CREDS))
            .build();

    public void upload(String key, java.io.File file) {
        s3.putObject("acme-mobile-uploads", key, file);
    }
}
