// Where a report goes: stdout, or --output FILE created with mode 0600 (reports hold secrets,
// even redacted ones name where keys live).
#pragma once

#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "cli/options.h"
#include "util/result.h"

namespace ks::cli {

class Output {
 public:
  static Result<std::unique_ptr<Output>> Open(const GlobalOptions& opts);
  std::ostream& stream() { return file_.is_open() ? static_cast<std::ostream&>(file_) : std::cout; }
  bool color() const { return color_; }
  // Flushes; false if anything failed to be written.
  bool Close();

 private:
  std::ofstream file_;
  bool color_ = false;
};

}  // namespace ks::cli
