#include "report/text_reporter.h"

#include <fmt/format.h>

#include "report/next_steps.h"
#include "util/terminal_text.h"

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

}  // namespace

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
                     TerminalSafe(v.reason));
}

// Every string of a finding passes through TerminalSafe(): paths, authors and commit data come
// from repositories, and with `verify REPORT` every field comes from a report file. Colour is
// added around text already made safe.
void TextReporter::OnFinding(const Finding& f) {
  if (!f.playbook.empty()) playbooks_.insert(TerminalSafe(f.playbook));
  out_ << Paint("1", fmt::format("{}:{}:{}", TerminalSafe(f.path), f.line, f.column)) << ": "
       << Paint(SeverityColor(f.severity), SeverityName(f.severity)) << " " << TerminalSafe(f.rule)
       << " " << TerminalSafe(DisplaySecret(f, opts_));
  if (f.rule == kConfigChangedRule) out_ << kConfigChangedText;
  if (f.key_id && *f.key_id != f.secret.Reveal()) out_ << " key " << TerminalSafe(*f.key_id);
  if (f.account_id) out_ << " account " << TerminalSafe(*f.account_id);
  if (f.region) out_ << " region " << TerminalSafe(*f.region);
  if (f.canary) out_ << " " << Paint("1;35", "CANARY (never use it: its owner is alerted)");
  if (f.example) out_ << " (example or placeholder)";
  if (f.confidence != "high") out_ << " (" << TerminalSafe(f.confidence) << " confidence)";
  out_ << VerificationText(f.verification) << "\n";
  if (f.commit) {
    out_ << "    commit " << TerminalSafe(f.commit->substr(0, 12)) << " "
         << TerminalSafe(f.author.value_or("")) << " <" << TerminalSafe(f.email.value_or(""))
         << "> " << TerminalSafe(f.date.value_or("")) << "\n";
  }
}

void TextReporter::Finish(const Summary& s) {
  for (const SkippedItem& i : s.skipped_items.items) {
    out_ << Paint("1;33", "Not scanned: ") << TerminalSafe(DescribeSkipped(i, s.max_file_size))
         << "\n";
  }
  if (s.skipped > s.skipped_items.items.size()) {
    out_ << Paint("1;33", fmt::format("Not scanned: {} more items.",
                                      s.skipped - s.skipped_items.items.size()))
         << "\n";
  }
  if (s.truncated) {
    out_ << Paint("1;33", fmt::format("Incomplete: the report stopped after {} findings "
                                      "(--max-findings); more were left out.",
                                      s.findings))
         << "\n";
  }
  if (s.findings > 0) out_ << "\n" << NextStepsLine(playbooks_);
  out_.flush();
}

}  // namespace ks
