#include "aws/smtp.h"

#include <algorithm>
#include <cctype>

#include "util/hmac.h"
#include "util/text.h"

namespace ks::aws {
namespace {

bool IsRegionChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

}  // namespace

std::string DeriveSmtpPasswordV4(std::string_view secret, std::string_view region) {
  std::string key = "AWS4";  // built with append: GCC 12 warns falsely on operator+ here
  key.append(secret);
  std::string k = HmacSha256(key, "11111111");
  for (std::string_view step : {region, std::string_view("ses"), std::string_view("aws4_request"),
                                std::string_view("SendRawEmail")}) {
    k = HmacSha256(k, step);
  }
  return Base64Encode(std::string(1, '\x04').append(k));
}

std::string DeriveSmtpPasswordV2(std::string_view secret) {
  return Base64Encode(std::string(1, '\x02').append(HmacSha256(secret, "SendRawEmail")));
}

bool HasSmtpPasswordShape(std::string_view t) {
  if (t.size() != 44 || !std::all_of(t.begin(), t.end(), [](char c) {
        return IsBase64Char(static_cast<unsigned char>(c));
      })) {
    return false;
  }
  const bool v4 = t[0] == 'B' && t[1] >= 'A' && t[1] <= 'P';
  const bool v2 = t[0] == 'A' && t[1] >= 'g' && t[1] <= 'v';
  return v4 || v2;
}

std::vector<std::string> ParseRegionList(std::string_view text) {
  std::vector<std::string> regions;
  for (std::string_view line : DataLines(text)) regions.emplace_back(line);
  return regions;
}

std::optional<SmtpLink> MatchSmtpPassword(std::string_view password, std::string_view secret,
                                          const std::vector<std::string>& regions) {
  if (password.size() != 44) return std::nullopt;
  if (password[0] == 'A') {
    if (DeriveSmtpPasswordV2(secret) == password) return SmtpLink{"", 2};
    return std::nullopt;
  }
  for (const std::string& region : regions) {
    if (DeriveSmtpPasswordV4(secret, region) == password) return SmtpLink{region, 4};
  }
  return std::nullopt;
}

std::optional<std::string> FindSmtpEndpointRegion(std::string_view text) {
  for (std::string_view prefix : {"email-smtp-fips.", "email-smtp."}) {
    for (size_t pos = text.find(prefix); pos != std::string_view::npos;
         pos = text.find(prefix, pos + 1)) {
      size_t end = pos + prefix.size();
      while (end < text.size() && IsRegionChar(text[end])) ++end;
      const std::string_view region = text.substr(pos + prefix.size(), end - pos - prefix.size());
      if (!region.empty() && text.substr(end).starts_with(".amazonaws.com"))
        return std::string(region);
    }
  }
  return std::nullopt;
}

}  // namespace ks::aws
