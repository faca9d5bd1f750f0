// Amazon SES SMTP credentials. The SMTP user name is an IAM access key ID; the password is derived
// from that key's secret, so a secret key and an SMTP password found in the same scan can be
// linked offline (README "SES SMTP passwords").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ks::aws {

// Version 4 (since 2019): region-specific; always 44 characters starting B[A-P].
std::string DeriveSmtpPasswordV4(std::string_view secret, std::string_view region);
// Version 2 (before 2019): any region; always 44 characters starting A[g-v].
std::string DeriveSmtpPasswordV2(std::string_view secret);

// 44 base64 characters with the version 4 or version 2 prefix.
bool HasSmtpPasswordShape(std::string_view token);

// Regions from the embedded patterns/data/ses-regions.txt (one per line, '#' comments).
std::vector<std::string> ParseRegionList(std::string_view text);

struct SmtpLink {
  std::string region;  // empty for a version 2 password, which works in every region
  int version = 4;
};

// Whether `password` was derived from `secret`, and for which region.
std::optional<SmtpLink> MatchSmtpPassword(std::string_view password, std::string_view secret,
                                          const std::vector<std::string>& regions);

// The region of the first email-smtp[-fips].<region>.amazonaws.com host in `text`.
std::optional<std::string> FindSmtpEndpointRegion(std::string_view text);

}  // namespace ks::aws
