// Recognises credentials that are not real: AWS's documentation examples and placeholders.
// They are not findings unless the user asks to audit them (--include-examples).
#pragma once

#include <string_view>

namespace ks::aws {

enum class Realness {
  kReal,
  kDocExample,   // AKIAIOSFODNN7EXAMPLE, wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY, ...
  kPlaceholder,  // AKIAXXXXXXXXXXXXXXXX, runs of one character
};

Realness ClassifyRealness(std::string_view secret);

}  // namespace ks::aws
