// SES SMTP password derivation and linkage, against the vectors in AWS's documentation and
// aws-sdk-php's tests (README "SES SMTP passwords").
#include <gtest/gtest.h>

#include "aws/smtp.h"
#include "builtin/builtin.h"

namespace ks::aws {
namespace {

constexpr char kDocSecret[] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
constexpr char kDocSecret2[] = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY";

TEST(SmtpPasswordTest, Version4Vectors) {
  EXPECT_EQ(DeriveSmtpPasswordV4(kDocSecret, "us-east-1"),
            "BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9");
  EXPECT_EQ(DeriveSmtpPasswordV4(kDocSecret, "eu-west-1"),
            "BMW5RDrXmmVs0lV7GpI4oLkHXpZ4stDsk6q91z1g38Pk");
  EXPECT_EQ(DeriveSmtpPasswordV4(kDocSecret, "ap-northeast-1"),
            "BEBMrlH2tcrvRtSfkd6WbOlpfHSCPAV60ZayJ9ZqHS5c");
  EXPECT_EQ(DeriveSmtpPasswordV4(kDocSecret, "us-west-2"),
            "BF2PynzbSCAjX08zhZZnP/kW+T9P5zs/1Er0pi5vTEmd");
  EXPECT_EQ(DeriveSmtpPasswordV4(kDocSecret, "us-east-2"),
            "BMPPgbAHoFVbze1Ud0oA5uNdXRwUXUZ+qOwphGJbl/cS");
  EXPECT_EQ(DeriveSmtpPasswordV4(kDocSecret2, "us-east-1"),
            "BCgMaSU5kpdnjBQUiGHtQGxdZ4SzL6b7qod4ok+yq5DL");
}

TEST(SmtpPasswordTest, Version2Vector) {
  EXPECT_EQ(DeriveSmtpPasswordV2(kDocSecret), "An60U4ZD3sd4fg+FvXUjayOipTt8LO4rUUmhpdX6ctDy");
}

TEST(SmtpPasswordTest, Shape) {
  EXPECT_TRUE(HasSmtpPasswordShape("BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9"));
  EXPECT_TRUE(HasSmtpPasswordShape("An60U4ZD3sd4fg+FvXUjayOipTt8LO4rUUmhpdX6ctDy"));
  EXPECT_FALSE(
      HasSmtpPasswordShape("BZBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9"));  // B[A-P] only
  EXPECT_FALSE(
      HasSmtpPasswordShape("Aw60U4ZD3sd4fg+FvXUjayOipTt8LO4rUUmhpdX6ctDy"));          // A[g-v] only
  EXPECT_FALSE(HasSmtpPasswordShape("BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL"));  // 43 chars
  EXPECT_FALSE(HasSmtpPasswordShape("BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGW=9"));  // padding
}

TEST(SmtpPasswordTest, LinksPasswordToSecretAndRegion) {
  const auto regions = ParseRegionList(builtin::DataFile("ses-regions.txt"));
  ASSERT_GE(regions.size(), 20u);
  auto link =
      MatchSmtpPassword("BMW5RDrXmmVs0lV7GpI4oLkHXpZ4stDsk6q91z1g38Pk", kDocSecret, regions);
  ASSERT_TRUE(link.has_value());
  EXPECT_EQ(link->region, "eu-west-1");
  EXPECT_EQ(link->version, 4);
  link = MatchSmtpPassword("An60U4ZD3sd4fg+FvXUjayOipTt8LO4rUUmhpdX6ctDy", kDocSecret, regions);
  ASSERT_TRUE(link.has_value());
  EXPECT_EQ(link->version, 2);
  EXPECT_FALSE(
      MatchSmtpPassword("BMW5RDrXmmVs0lV7GpI4oLkHXpZ4stDsk6q91z1g38Pk", kDocSecret2, regions));
}

TEST(SmtpPasswordTest, RegionListIgnoresCommentsAndBlanks) {
  EXPECT_EQ(ParseRegionList("# c\n\nus-east-1\n eu-west-1  # x\n"),
            (std::vector<std::string>{"us-east-1", "eu-west-1"}));
}

TEST(SmtpPasswordTest, EndpointRegion) {
  EXPECT_EQ(FindSmtpEndpointRegion("host: email-smtp.eu-west-2.amazonaws.com:587"), "eu-west-2");
  EXPECT_EQ(FindSmtpEndpointRegion("email-smtp-fips.us-gov-west-1.amazonaws.com"), "us-gov-west-1");
  EXPECT_EQ(FindSmtpEndpointRegion("email-smtp.example.com"), std::nullopt);
  EXPECT_EQ(FindSmtpEndpointRegion("nothing"), std::nullopt);
}

}  // namespace
}  // namespace ks::aws
