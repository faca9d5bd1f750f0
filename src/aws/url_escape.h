// Secrets in connection strings and URLs arrive with '/', '+' and '=' percent-encoded, and in
// JSON written by PHP's json_encode with '/' escaped as "\/".
#pragma once

#include <string>
#include <string_view>

namespace ks::aws {

// Length of the escape sequence at `pos` (%2F, %2B, %3D in either case, or \/), or 0.
size_t EscapeLengthAt(std::string_view s, size_t pos);

// Decodes those escapes; every other byte is copied unchanged.
std::string DecodeUrlEscapes(std::string_view s);

}  // namespace ks::aws
