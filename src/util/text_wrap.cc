#include "util/text_wrap.h"

#include <algorithm>

namespace ks {
namespace {

// Greedy word wrap of one line; continuation lines keep the line's indentation.
void WrapLine(std::string_view line, size_t width, std::string* out) {
  const size_t indent = line.find_first_not_of(' ');
  if (indent == std::string_view::npos || line.size() <= width) return out->append(line), void();
  out->append(line.substr(0, indent));
  size_t column = indent;
  bool first = true;
  for (size_t pos = indent; pos < line.size();) {
    const size_t end = std::min(line.find(' ', pos), line.size());
    const std::string_view word = line.substr(pos, end - pos);
    pos = end + 1;
    if (word.empty()) continue;
    if (!first && column + 1 + word.size() > width) {
      out->append("\n").append(indent, ' ');
      column = indent;
    } else if (!first) {
      out->push_back(' ');
      ++column;
    }
    out->append(word);
    column += word.size();
    first = false;
  }
}

}  // namespace

std::string WrapText(std::string_view text, size_t width) {
  std::string out;
  for (size_t start = 0;;) {
    const size_t nl = text.find('\n', start);
    WrapLine(text.substr(start, nl == std::string_view::npos ? nl : nl - start), width, &out);
    if (nl == std::string_view::npos) return out;
    out.push_back('\n');
    start = nl + 1;
  }
}

}  // namespace ks
