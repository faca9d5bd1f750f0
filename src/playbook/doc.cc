#include "playbook/doc.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "util/terminal_text.h"

namespace ks::playbook {
namespace {

// `text` with `prefix` after each newline, so that continuation lines stay inside a list item.
std::string IndentLines(std::string_view text, std::string_view prefix) {
  std::string out;
  for (char c : text) {
    out.push_back(c);
    if (c == '\n') out.append(prefix);
  }
  return out;
}

// The longest run of backticks in `s`.
size_t LongestBacktickRun(std::string_view s) {
  size_t longest = 0, run = 0;
  for (char c : s) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

bool IsWide(uint32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
         (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
         (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
         (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd);
}

}  // namespace

bool ParseFormat(std::string_view s, Format* out) {
  if (s == "markdown") {
    *out = Format::kMarkdown;
  } else if (s == "text") {
    *out = Format::kText;
  } else {
    return false;
  }
  return true;
}

size_t DisplayWidth(std::string_view s) {
  size_t width = 0;
  for (size_t i = 0; i < s.size();) {
    const auto lead = static_cast<unsigned char>(s[i]);
    const size_t len = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
    uint32_t cp = len == 1 ? lead : lead & (0x7f >> len);
    for (size_t k = 1; k < len && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
    }
    width += IsWide(cp) ? 2 : 1;
    i += len;
  }
  return width;
}

void Doc::Begin(Kind kind) {
  if (!out_.empty() && !(kind == Kind::kBullet && last_ == Kind::kBullet)) out_.push_back('\n');
  last_ = kind;
}

void Doc::Heading(int level, std::string_view text) {
  Begin(Kind::kOther);
  if (format_ == Format::kMarkdown) {
    out_.append(std::string(static_cast<size_t>(level), '#')).append(" ").append(text);
    out_.push_back('\n');
    return;
  }
  if (level >= 3) {
    out_.append("-- ").append(text).append(" --\n");
    return;
  }
  out_.append(text).append("\n");
  out_.append(std::string(DisplayWidth(text), level == 1 ? '=' : '-')).append("\n");
}

void Doc::Paragraph(std::string_view text) {
  Begin(Kind::kOther);
  out_.append(text).append("\n");
}

void Doc::Bullet(std::string_view text) {
  Begin(Kind::kBullet);
  const bool md = format_ == Format::kMarkdown;
  out_.append(md ? "- " : "  - ").append(IndentLines(text, md ? "  " : "    ")).append("\n");
}

void Doc::Note(std::string_view text) {
  Begin(Kind::kOther);
  const std::string_view prefix = format_ == Format::kMarkdown ? "> " : "  ! ";
  out_.append(prefix).append(IndentLines(text, prefix)).append("\n");
}

void Doc::Step(int number, std::string_view action, std::string_view why, std::string_view code) {
  Begin(Kind::kOther);
  const std::string marker = fmt::format("{}. ", number);
  if (format_ == Format::kMarkdown) {
    const std::string indent(marker.size(), ' ');
    out_.append(marker).append("**").append(action).append("**\n\n");
    out_.append(indent).append(IndentLines(why, indent)).append("\n");
    if (!code.empty()) {
      out_.append("\n").append(indent).append("```sh\n").append(indent);
      out_.append(IndentLines(code, indent)).append("\n").append(indent).append("```\n");
    }
    return;
  }
  const std::string indent(2 + marker.size(), ' ');
  out_.append("  ").append(marker).append(action).append("\n");
  out_.append(indent).append(IndentLines(why, indent)).append("\n");
  if (!code.empty()) {
    const std::string code_indent = indent + "  ";
    out_.append("\n").append(code_indent).append(IndentLines(code, code_indent)).append("\n");
  }
}

void Doc::Separator() {
  Begin(Kind::kOther);
  out_.append(format_ == Format::kMarkdown ? "---\n" : std::string(72, '=') + "\n");
}

void Doc::Append(const Doc& other) {
  if (other.out_.empty()) return;
  Begin(Kind::kOther);
  out_.append(other.out_);
  last_ = other.last_;
}

std::string Doc::Code(std::string_view untrusted) const {
  const std::string safe = TerminalSafe(untrusted);
  if (format_ == Format::kText) return safe;
  // A code span's fence must be longer than any backtick run inside it (CommonMark).
  const std::string fence(LongestBacktickRun(safe) + 1, '`');
  const bool pad = !safe.empty() && (safe.front() == '`' || safe.back() == '`');
  return fmt::format("{0}{1}{2}{1}{0}", fence, pad ? " " : "", safe);
}

}  // namespace ks::playbook
