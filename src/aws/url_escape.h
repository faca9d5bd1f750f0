// Secrets in connection strings and URLs arrive with '/' and '+' percent-encoded.
#pragma once

#include <string>
#include <string_view>

namespace ks::aws {

// Decodes %2F/%2f to '/' and %2B/%2b to '+'; every other byte is copied unchanged.
std::string DecodeUrlEscapes(std::string_view s);

}  // namespace ks::aws
