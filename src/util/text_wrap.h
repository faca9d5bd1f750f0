// Greedy word wrap for text read in a terminal (help pages): each line of the text is wrapped on
// its own, and its continuation lines keep its indentation.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ks {

// `text` with every line longer than `width` columns broken at spaces. A word longer than the
// width stays whole on its own line; runs of spaces between words collapse to one.
std::string WrapText(std::string_view text, size_t width);

}  // namespace ks
