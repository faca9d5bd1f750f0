// AtomicFile: a file's next contents, written to a private temporary beside it and renamed over
// it in one step, so that a reader, or a run killed halfway, sees the old file or the new one,
// never a torn one.
//
// The temporary is made by Env::CreateTempBeside (mode 0600 before any byte is written, O_EXCL,
// random name, same directory). Commit() closes it and renames it over the target; an AtomicFile
// destroyed uncommitted (an error, an early return) removes its temporary and leaves the target
// alone. The target ends up a new file: mode 0600, whatever the old one had, and nobody who had
// the old one open, or holds a hard link to it, sees the new bytes. A symbolic link at the
// target is itself replaced, not followed; resolve it first to replace what it points at.
// Nothing is fsync()ed: this protects against readers and killed runs, not against power loss.
//
// Move-only. Not thread-safe: one thread at a time per object.
#pragma once

#include <string>
#include <string_view>

#include "util/env.h"
#include "util/result.h"
#include "util/unique_fd.h"

namespace ks {

class AtomicFile {
 public:
  // Starts replacing `target`. Errors (kInput) name `shown`, the path as the user wrote it
  // (default: `target`).
  static Result<AtomicFile> Create(const std::string& target, Env& env = Env::Default());
  static Result<AtomicFile> Create(const std::string& target, const std::string& shown,
                                   Env& env = Env::Default());

  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&& other) noexcept;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile() { Abandon(); }

  // The temporary's descriptor, for writers that bring their own buffering; -1 after Commit().
  // Owned by this object: do not close it.
  int fd() const { return fd_.get(); }
  const std::string& temp_path() const { return temp_; }
  const std::string& target() const { return target_; }
  // Appends all of `bytes` to the temporary.
  Status Write(std::string_view bytes);
  // Closes the temporary and renames it over the target. On failure the target is untouched
  // and the temporary is removed when this object goes away. Only the first call can succeed.
  Status Commit();

 private:
  AtomicFile(TempFile temp, std::string target, std::string shown)
      : fd_(std::move(temp.fd)),
        temp_(std::move(temp.path)),
        target_(std::move(target)),
        shown_(std::move(shown)) {}
  void Abandon();
  Error Failed(const std::string& reason) const;

  UniqueFd fd_;
  std::string temp_;  // "" once renamed into place (or moved from): nothing left to remove
  std::string target_;
  std::string shown_;
};

}  // namespace ks
