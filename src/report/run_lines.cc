#include "report/run_lines.h"

#include <fmt/format.h>

#include <utility>

#include "util/terminal_text.h"

namespace ks {

std::string SuppressedLine(const SuppressedCounts& c) {
  const uint64_t total = c.total();
  if (total == 0) return "";
  const std::pair<uint64_t, const char*> parts[] = {
      {c.baseline, "by the baseline"},         {c.inline_markers, "by inline markers"},
      {c.allowlist, "by the allowlist"},       {c.gitleaks_ignore, "by .gitleaksignore"},
      {c.disabled_rules, "of disabled rules"},
  };
  std::string detail;
  for (const auto& [n, why] : parts) {
    if (n > 0) detail += fmt::format("{}{} {}", detail.empty() ? "" : ", ", n, why);
  }
  return fmt::format("keysweep: suppressed {} finding{}: {}\n", total, total == 1 ? "" : "s",
                     detail);
}

std::string BaselineWrittenLine(BaselineAction action, size_t before, size_t after,
                                const std::string& path) {
  if (action == BaselineAction::kCreate) {
    return fmt::format("keysweep: baseline: wrote {} entries to {}\n", after, TerminalSafe(path));
  }
  return fmt::format("keysweep: baseline: dropped {} of {} entries no longer found; {} has {}\n",
                     before - after, before, TerminalSafe(path), after);
}

}  // namespace ks
