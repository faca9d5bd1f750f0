#include "report/text_reporter.h"

#include <fmt/format.h>

#include <cstdint>

#include "report/next_steps.h"

namespace ks {
namespace {

std::string_view SeverityColor(Severity s) {
  switch (s) {
    case Severity::kCritical:
      return "1;31";
    case Severity::kHigh:
      return "31";
    case Severity::kMedium:
      return "33";
    default:
      return "36";
  }
}

// One UTF-8 sequence: its length and code point; length 0 when the bytes at the start of `s` are
// not well-formed UTF-8 (a stray continuation byte, an overlong form, a surrogate, a truncation).
struct Utf8Char {
  size_t length = 0;
  uint32_t code_point = 0;
};

Utf8Char DecodeUtf8(std::string_view s) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return {1, lead};
  size_t n = 0;
  if (lead >= 0xc2 && lead <= 0xdf) {
    n = 2;
  } else if ((lead & 0xf0) == 0xe0) {
    n = 3;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    n = 4;
  } else {
    return {};
  }
  if (s.size() < n) return {};
  uint32_t cp = lead & (0x7fu >> n);
  for (size_t i = 1; i < n; ++i) {
    if ((byte(i) & 0xc0) != 0x80) return {};
    cp = (cp << 6) | (byte(i) & 0x3fu);
  }
  const bool overlong = (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
  if (overlong || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return {};
  return {n, cp};
}

// Code points a terminal or a viewer acts on instead of showing: C0 and C1 controls (a UTF-8
// terminal reads U+009B as CSI, like ESC [), DEL, the bidirectional overrides and isolates that
// make a path display as another ("Trojan Source"), and the line and paragraph separators.
// Backslash too, so that an escape in the output can never be confused with the same text in
// the input.
bool MustEscape(uint32_t cp) {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == '\\' || cp == 0x2028 || cp == 0x2029 ||
         (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace

std::string TerminalSafe(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  while (!s.empty()) {
    const Utf8Char c = DecodeUtf8(s);
    // Bytes that are not UTF-8 are escaped one by one: the output stays valid UTF-8 and shows
    // exactly which bytes the name held.
    const size_t n = c.length == 0 ? 1 : c.length;
    if (c.length == 0 || MustEscape(c.code_point)) {
      for (unsigned char b : s.substr(0, n)) out += fmt::format("\\x{:02x}", b);
    } else {
      out.append(s.substr(0, n));
    }
    s.remove_prefix(n);
  }
  return out;
}

std::string TextReporter::Paint(std::string_view code, std::string_view text) const {
  if (!opts_.color) return std::string(text);
  return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
}

// The live-check state beside the key: LIVE (red) with the identity STS returned, or the verdict
// and its reason. Nothing when the run did not verify.
std::string TextReporter::VerificationText(const verify::Verdict& v) const {
  switch (v.status) {
    case verify::Status::kNotChecked:
      return "";
    case verify::Status::kValid:
      return fmt::format(" {} {}", Paint("1;31", "LIVE"), TerminalSafe(v.arn));
    case verify::Status::kExpired:
      return fmt::format(" {}", Paint("33", "EXPIRED"));
    default:
      break;
  }
  return fmt::format(" [{}{}{}]", verify::StatusName(v.status), v.reason.empty() ? "" : ": ",
                     v.reason);
}

void TextReporter::OnFinding(const Finding& f) {
  if (!f.playbook.empty()) playbooks_.insert(f.playbook);
  out_ << Paint("1", fmt::format("{}:{}:{}", TerminalSafe(f.path), f.line, f.column)) << ": "
       << Paint(SeverityColor(f.severity), SeverityName(f.severity)) << " " << f.rule << " "
       << TerminalSafe(DisplaySecret(f, opts_));
  if (f.key_id && *f.key_id != f.secret.Reveal()) out_ << " key " << *f.key_id;
  if (f.account_id) out_ << " account " << *f.account_id;
  if (f.region) out_ << " region " << *f.region;
  if (f.canary) out_ << " " << Paint("1;35", "CANARY (never use it: its owner is alerted)");
  if (f.example) out_ << " (example or placeholder)";
  if (f.confidence != "high") out_ << " (" << f.confidence << " confidence)";
  out_ << VerificationText(f.verification) << "\n";
  if (f.commit) {
    out_ << "    commit " << f.commit->substr(0, 12) << " " << TerminalSafe(f.author.value_or(""))
         << " <" << TerminalSafe(f.email.value_or("")) << "> " << f.date.value_or("") << "\n";
  }
}

void TextReporter::Finish(const Summary& s) {
  if (s.findings > 0) out_ << "\n" << NextStepsLine(playbooks_);
  out_.flush();
}

}  // namespace ks
