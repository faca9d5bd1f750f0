import { S3Client, PutObjectCommand } from "@aws-sdk/client-s3";

export const s3 = new S3Client({
  region: "us-east-1",
  credentials: {
    accessKeyId: "AKIA53D6AK3RRNNIRMBL",
    secretAccessKey: "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",
  },
});

export async function putAvatar(userId: string, body: Uint8Array): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: "acme-avatars", Key: `${userId}.png`, Body: body }));
}
