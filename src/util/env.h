// Env: what keysweep asks of its surroundings (environment variables, the clock, and the few
// file-system calls whose failures matter to users), behind one interface in the style of
// leveldb's Env, so that a test can make them fail in ways a real run, or a root user, cannot.
//
// Code below the CLI takes an Env& (or reads values from its option struct) instead of calling
// std::getenv or these system calls itself. Env::Default() is the real one: it lives for the
// whole process and may be called from any thread (its variables are read at each call, so
// nobody may setenv() while another thread reads). Test Envs usually derive from EnvWrapper and
// override the one call they want to break.
//
// Errors from the file-system calls are kInput Errors whose message is the system's reason alone
// ("Permission denied"): the caller names the file the way its user knows it.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "util/result.h"
#include "util/unique_fd.h"

namespace ks {

// A new, empty file and where it is.
struct TempFile {
  UniqueFd fd;
  std::string path;
};

class Env {
 public:
  virtual ~Env() = default;

  // The real environment, shared by the whole process.
  static Env& Default();

  // An environment variable's value; nullopt when it is not set (an empty value is returned
  // as such).
  virtual std::optional<std::string> GetVar(const std::string& name) = 0;
  // A monotonic time, for measuring durations and deadlines.
  virtual std::chrono::steady_clock::time_point Now() = 0;
  // How OpenForRead treats what it finds at `path`.
  enum class Open {
    kAsNamed,  // whatever the user named: links followed, FIFOs and devices read (and waited on)
    // A file found by walking a directory the user did not write: a symbolic link is not
    // followed (it fails, ELOOP) and opening never blocks (O_NONBLOCK), since the tree may be
    // changed under the walk, a file swapped for a link to a file outside it or for a FIFO.
    kWalked,
  };
  // `path` opened read-only (close-on-exec).
  virtual Result<UniqueFd> OpenForRead(const std::string& path, Open how) = 0;
  // A new file with mode 0600 in `target`'s directory, named after it ".NAME.keysweep-XXXXXX".
  // Created with O_EXCL under a random name, so it is never an existing file or a symbolic link
  // someone planted where a temporary was expected; beside `target`, so that renaming it over
  // `target` stays on one file system. The caller removes it if it does not rename it.
  virtual Result<TempFile> CreateTempBeside(const std::string& target) = 0;

  // Where keysweep caches compiled databases and mirrors: $KEYSWEEP_CACHE_DIR, else
  // $XDG_CACHE_HOME/keysweep, else $HOME/.cache/keysweep (empty variables count as unset);
  // "" when none is set.
  std::string CacheDir();
};

// Forwards every call to another Env (which must outlive it): a base for test Envs that change
// one behaviour and keep the rest real.
class EnvWrapper : public Env {
 public:
  explicit EnvWrapper(Env& target) : target_(target) {}

  std::optional<std::string> GetVar(const std::string& name) override {
    return target_.GetVar(name);
  }
  std::chrono::steady_clock::time_point Now() override { return target_.Now(); }
  Result<UniqueFd> OpenForRead(const std::string& path, Open how) override {
    return target_.OpenForRead(path, how);
  }
  Result<TempFile> CreateTempBeside(const std::string& target) override {
    return target_.CreateTempBeside(target);
  }

 private:
  Env& target_;
};

}  // namespace ks
