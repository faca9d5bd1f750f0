// HMAC-SHA256 and base64 through OpenSSL (SES SMTP password derivation; later SigV4).
#pragma once

#include <string>
#include <string_view>

namespace ks {

// The raw 32-byte MAC.
std::string HmacSha256(std::string_view key, std::string_view message);

// Standard base64 with padding.
std::string Base64Encode(std::string_view bytes);

}  // namespace ks
