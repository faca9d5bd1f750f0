#include "hooks/script.h"

#include <fmt/format.h>

#include <optional>

#include "builtin/builtin.h"
#include "util/file.h"
#include "util/sha256.h"

namespace ks::hooks {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kMarker = "keysweep-hook v1";
constexpr std::string_view kChecksumPrefix = "# keysweep-hook-sha256 ";

// Where the checksum line is, and the text without it (what the checksum covers).
struct ChecksumLine {
  std::string value;     // hex digits, as written
  std::string stripped;  // the hook's text minus that line
};

std::optional<ChecksumLine> FindChecksumLine(const std::string& text) {
  const size_t at = text.find(fmt::format("\n{}", kChecksumPrefix));
  if (at == std::string::npos) return std::nullopt;
  const size_t begin = at + 1, end = text.find('\n', begin);
  if (end == std::string::npos) return std::nullopt;
  ChecksumLine line;
  const std::string rest =
      text.substr(begin + kChecksumPrefix.size(), end - begin - kChecksumPrefix.size());
  line.value = rest.substr(0, rest.find_first_of(": "));
  line.stripped.assign(text, 0, begin);
  line.stripped.append(text, end + 1);
  return line;
}

std::string ShellQuote(std::string_view s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The installed script without its checksum line: chain the previous hook, default KEYSWEEP
// to the binary `quoted_self` (shell-quoted), then the hook body shipped in hooks/NAME.
// Earlier keysweep builds installed exactly this.
std::string UncheckedScript(std::string_view name, std::string_view quoted_self) {
  std::string body(builtin::DataFile(name));
  body = body.substr(body.find('\n') + 1);  // drop the shebang; ours comes first
  return fmt::format(
      "#!/bin/sh\n# {} ({}): installed by `keysweep install-hook`; remove with "
      "`keysweep uninstall-hook`.\n# A hook that was here before is kept as $0.keysweep-prev "
      "and runs first.\nif [ -x \"$0.keysweep-prev\" ]; then \"$0.keysweep-prev\" \"$@\" || exit "
      "$?; fi\nif [ -z \"${{KEYSWEEP:-}}\" ] && [ -x {} ]; then KEYSWEEP={}; export KEYSWEEP; "
      "fi\n{}",
      kMarker, name, quoted_self, quoted_self, body);
}

// The shell-quoted binary an UncheckedScript() text names, or "" when there is none.
std::string_view QuotedSelfIn(std::string_view text) {
  constexpr std::string_view kBefore = "] && [ -x ", kAfter = " ]; then KEYSWEEP=";
  const size_t begin = text.find(kBefore);
  if (begin == std::string_view::npos) return {};
  const size_t end = text.find(kAfter, begin);
  if (end == std::string_view::npos) return {};
  return text.substr(begin + kBefore.size(), end - begin - kBefore.size());
}

// Whether `text`, which carries the marker, is keysweep's hook exactly as some build wrote it.
bool AsWritten(const std::string& text, std::string_view name) {
  const auto line = FindChecksumLine(text);
  if (!line) return text == UncheckedScript(name, QuotedSelfIn(text));  // an earlier build's
  return line->value == Sha256Hex(line->stripped);
}

}  // namespace

std::string HookScript(std::string_view name, std::string_view binary) {
  const std::string text = UncheckedScript(name, ShellQuote(binary));
  const size_t third_line = text.find('\n', text.find('\n') + 1) + 1;
  return fmt::format(
      "{}{}{}: once this file is edited, keysweep never overwrites or removes it\n{}",
      std::string_view(text).substr(0, third_line), kChecksumPrefix, Sha256Hex(text),
      std::string_view(text).substr(third_line));
}

HookState InspectHook(const fs::path& hook, std::string_view name) {
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(hook, ec);
  if (ec || !fs::exists(st)) return HookState::kAbsent;
  std::string text;
  if (!fs::is_regular_file(st) || !ReadFileToString(hook.string(), &text) ||
      text.find(kMarker) == std::string::npos) {
    return HookState::kForeign;
  }
  return AsWritten(text, name) ? HookState::kOurs : HookState::kOursEdited;
}

}  // namespace ks::hooks
