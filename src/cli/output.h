// Where a report goes: stdout, or --output FILE with mode 0600 (reports hold secrets, and even
// redacted ones name where keys live).
//
// FILE is written as a new file: a temporary file in the same directory, created 0600 before
// any byte is written, renamed over FILE by Close(). So
//  - a FILE that existed with a wider mode (0644) ends up 0600 too, and nobody who had the old
//    file open, or holds a hard link to it, can read the new report through it;
//  - a run that fails before Close() (a repository that cannot be opened, an interrupted run)
//    leaves FILE exactly as it was, instead of empty or half written.
// A symbolic link is followed: the file it points at is replaced. A FILE that is not a regular
// file (/dev/stdout, a pipe) is written in place and its mode is left alone. Where the
// directory does not allow a new file but FILE itself is writable, FILE is truncated, set to
// 0600 and written in place.
#pragma once

#include <iostream>
#include <memory>
#include <optional>
#include <streambuf>
#include <string>

#include "cli/options.h"
#include "util/atomic_file.h"
#include "util/env.h"
#include "util/result.h"
#include "util/unique_fd.h"

namespace ks::cli {

class Output {
 public:
  // `env` supplies NO_COLOR and makes the temporary file; it is not used after Open().
  static Result<std::unique_ptr<Output>> Open(const GlobalOptions& opts, Env& env = Env::Default());
  Output() = default;
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;
  // Removes the temporary file unless Close() put it in place.
  ~Output();

  std::ostream& stream() { return file_ ? *file_ : std::cout; }
  bool color() const { return color_; }
  // Flushes and, for a file, puts it in place; false if anything failed to be written.
  bool Close();

 private:
  Status OpenFile(const std::string& path, Env& env);
  int fd() const { return replacing_ ? replacing_->fd() : in_place_.get(); }

  // For a file, exactly one of these is set; declared before the streams that write to it, so
  // that it outlives them.
  std::optional<AtomicFile> replacing_;  // FILE's next contents, until Close() renames them
  UniqueFd in_place_;                    // FILE itself, written in place
  std::unique_ptr<std::streambuf> buf_;  // writes to fd()
  std::unique_ptr<std::ostream> file_;   // over buf_; null for stdout
  bool color_ = false;
};

}  // namespace ks::cli
