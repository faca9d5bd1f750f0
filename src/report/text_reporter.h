// Human-readable findings, one block per finding, ending with a "Next steps" line when there were
// any; colour only when the caller says the stream is a terminal. Control bytes in paths and
// authors are escaped (util/terminal_text.h) so a hostile file name cannot drive the terminal.
#pragma once

#include <ostream>
#include <set>
#include <string>

#include "report/reporter.h"

namespace ks {

class TextReporter : public Reporter {
 public:
  TextReporter(const ReportOptions& opts, std::ostream& out) : opts_(opts), out_(out) {}
  void OnFinding(const Finding& f) override;
  void Finish(const Summary& s) override;

 private:
  std::string Paint(std::string_view code, std::string_view text) const;
  std::string VerificationText(const verify::Verdict& v) const;

  ReportOptions opts_;
  std::ostream& out_;
  std::set<std::string> playbooks_;  // of the findings so far, for the next-steps line
};

}  // namespace ks
