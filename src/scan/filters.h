// The cheap per-secret checks a rule can ask for (rules/rule.h: RuleFilters).
#pragma once

#include <string>
#include <string_view>

#include "rules/rule.h"

namespace ks {

// True when the bytes either side of [begin, end) do not continue the token.
bool PassesBoundary(Boundary b, std::string_view text, size_t begin, size_t end);

// Checks entropy, character classes and hex-only on the secret. On failure, `why` (if given)
// says which filter rejected it, for `rules check` diagnostics.
bool PassesSecretFilters(const RuleFilters& f, std::string_view secret, std::string* why = nullptr);

}  // namespace ks
