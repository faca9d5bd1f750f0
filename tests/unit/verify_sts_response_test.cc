// STS response parsing (src/verify/sts_response): bodies as AWS STS and moto send them, and
// bodies that are not STS responses at all.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "verify/sts_response.h"

namespace ks::verify {
namespace {

// Real STS bodies (account ID and request IDs replaced by documentation values).
constexpr std::string_view kSuccess =
    R"(<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::123456789012:user/Alice</Arn>
    <UserId>AIDASAMPLEUSERID12345</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata>
    <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>
  </ResponseMetadata>
</GetCallerIdentityResponse>
)";

std::string ErrorBody(std::string_view code, std::string_view message) {
  return std::string(R"(<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>)") +
         std::string(code) + "</Code>\n    <Message>" + std::string(message) +
         R"(</Message>
  </Error>
  <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>
</ErrorResponse>
)";
}

StsResponseFields ParseOk(std::string_view body) {
  const auto parsed = ParseStsResponse(body);
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message);
  return parsed.ok() ? parsed.value() : StsResponseFields{};
}

void ExpectUnusable(std::string_view body) {
  const auto parsed = ParseStsResponse(body);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().kind, ErrorKind::kInput);
  EXPECT_NE(parsed.error().message.find("STS response"), std::string::npos);
}

// --- Real STS bodies -------------------------------------------------------------------------

TEST(StsResponseTest, Success) {
  const StsResponseFields fields = ParseOk(kSuccess);
  EXPECT_EQ(fields.code, "");
  EXPECT_EQ(fields.account, "123456789012");
  EXPECT_EQ(fields.arn, "arn:aws:iam::123456789012:user/Alice");
  EXPECT_EQ(fields.user_id, "AIDASAMPLEUSERID12345");
  EXPECT_FALSE(fields.signature_expired);
}

TEST(StsResponseTest, InvalidClientTokenId) {
  const StsResponseFields fields = ParseOk(
      ErrorBody("InvalidClientTokenId", "The security token included in the request is invalid."));
  EXPECT_EQ(fields.code, "InvalidClientTokenId");
  EXPECT_EQ(fields.account, "");
  EXPECT_FALSE(fields.signature_expired);
}

TEST(StsResponseTest, SignatureDoesNotMatch) {
  const StsResponseFields fields = ParseOk(ErrorBody(
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided. Check your "
      "AWS Secret Access Key and signing method. Consult the service documentation for details."));
  EXPECT_EQ(fields.code, "SignatureDoesNotMatch");
  EXPECT_FALSE(fields.signature_expired);
}

TEST(StsResponseTest, SignatureExpiredIsClockSkew) {
  const StsResponseFields fields =
      ParseOk(ErrorBody("SignatureDoesNotMatch",
                        "Signature expired: 20150830T123600Z is now earlier than "
                        "20150830T124600Z (20150830T130100Z - 15 min.)"));
  EXPECT_EQ(fields.code, "SignatureDoesNotMatch");
  EXPECT_TRUE(fields.signature_expired);
}

TEST(StsResponseTest, SignatureExpiredIgnoresCase) {
  EXPECT_TRUE(
      ParseOk(ErrorBody("SignatureDoesNotMatch", "signature EXPIRED: ...")).signature_expired);
}

TEST(StsResponseTest, ExpiredToken) {
  const StsResponseFields fields =
      ParseOk(ErrorBody("ExpiredToken", "The security token included in the request is expired"));
  EXPECT_EQ(fields.code, "ExpiredToken");
  EXPECT_FALSE(fields.signature_expired);
}

TEST(StsResponseTest, Throttling) {
  EXPECT_EQ(ParseOk(ErrorBody("Throttling", "Rate exceeded")).code, "Throttling");
}

// --- Other shapes ----------------------------------------------------------------------------

TEST(StsResponseTest, MotoWrapsErrorsInErrorsElement) {
  const StsResponseFields fields = ParseOk(R"(<?xml version="1.0" encoding="UTF-8"?>
<ErrorResponse>
  <Errors>
    <Error>
      <Code>InvalidClientTokenId</Code>
      <Message><![CDATA[The security token included in the request is invalid.]]></Message>
    </Error>
  </Errors>
  <RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId>
</ErrorResponse>)");
  EXPECT_EQ(fields.code, "InvalidClientTokenId");
}

TEST(StsResponseTest, CdataMessageIsRead) {
  EXPECT_TRUE(ParseOk("<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code>"
                      "<Message><![CDATA[Signature expired: x]]></Message></Error></ErrorResponse>")
                  .signature_expired);
}

TEST(StsResponseTest, AnyOrderAndNesting) {
  const StsResponseFields fields = ParseOk(
      "<R><Account> 123456789012 </Account><X><Y><UserId>AIDAX</UserId></Y></X>"
      "<Arn>arn:aws:sts::123456789012:assumed-role/R/s</Arn></R>");
  EXPECT_EQ(fields.account, "123456789012");  // surrounding whitespace trimmed
  EXPECT_EQ(fields.user_id, "AIDAX");
  EXPECT_EQ(fields.arn, "arn:aws:sts::123456789012:assumed-role/R/s");
}

TEST(StsResponseTest, NamespacePrefixesAreIgnored) {
  const StsResponseFields fields =
      ParseOk(R"(<sts:ErrorResponse xmlns:sts="https://sts.amazonaws.com/doc/2011-06-15/">)"
              "<sts:Error><sts:Code>ExpiredToken</sts:Code><sts:Message>m</sts:Message></sts:Error>"
              "</sts:ErrorResponse>");
  EXPECT_EQ(fields.code, "ExpiredToken");
}

TEST(StsResponseTest, FirstOccurrenceWins) {
  EXPECT_EQ(ParseOk("<R><Code>First</Code><Code>Second</Code></R>").code, "First");
}

TEST(StsResponseTest, ElementNamesAreCaseSensitive) {
  ExpectUnusable("<r><code>InvalidClientTokenId</code><account>1</account></r>");
}

TEST(StsResponseTest, EntitiesAreDecodedAndNoDoctypeIsExpanded) {
  EXPECT_EQ(ParseOk("<R><Arn>a&amp;b</Arn></R>").arn, "a&b");
  // A DOCTYPE's internal entities are never expanded (no XXE, no entity bombs).
  const auto parsed = ParseStsResponse(
      R"(<!DOCTYPE R [<!ENTITY x SYSTEM "file:///etc/passwd">]><R><Arn>&x;</Arn></R>)");
  if (parsed.ok()) {
    EXPECT_EQ(parsed->arn.find("root:"), std::string::npos);
  }
}

// --- Bodies that are not STS responses -------------------------------------------------------

TEST(StsResponseTest, EmptyBody) { ExpectUnusable(""); }

TEST(StsResponseTest, WhitespaceOnly) { ExpectUnusable(" \r\n\t "); }

TEST(StsResponseTest, MalformedXml) {
  ExpectUnusable("<ErrorResponse><Error><Code>Throttling</Code>");
  ExpectUnusable("<ErrorResponse><Code>Throttling</Error></ErrorResponse>");
  ExpectUnusable("<<<>>>");
}

TEST(StsResponseTest, WellFormedButNotSts) {
  ExpectUnusable("<html><body><h1>502 Bad Gateway</h1></body></html>");
  ExpectUnusable(R"({"Error":{"Code":"Throttling"}})");
  ExpectUnusable("Rate exceeded");
}

TEST(StsResponseTest, BinaryGarbage) {
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 7919) & 0xFF));
  ExpectUnusable(garbage);
  ExpectUnusable(std::string_view("\0\0\0<Code>x</Code>", 18));
}

TEST(StsResponseTest, HugeBodyIsRefusedWithoutParsing) {
  std::string huge = "<R><Code>Throttling</Code><Pad>";
  huge.append(kMaxStsResponseBytes, 'x');
  huge.append("</Pad></R>");
  ExpectUnusable(huge);
}

TEST(StsResponseTest, DeepNestingDoesNotCrash) {
  std::string deep;
  constexpr int kDepth = 5000;  // 7 bytes per level stays under the size limit
  for (int i = 0; i < kDepth; ++i) deep.append("<a>");
  deep.append("<Code>Deep</Code>");
  for (int i = 0; i < kDepth; ++i) deep.append("</a>");
  ASSERT_LT(deep.size(), kMaxStsResponseBytes);
  EXPECT_EQ(ParseOk(deep).code, "Deep");
}

TEST(StsResponseTest, ErrorMessageNeverQuotesTheBody) {
  const auto parsed = ParseStsResponse("<R><Secret>wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().message.find("EXAMPLEKEY"), std::string::npos);
}

}  // namespace
}  // namespace ks::verify
