#include "util/env.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <new>

namespace ks {
namespace {

Error SystemError(int err) { return MakeError(ErrorKind::kInput, std::strerror(err)); }

// ".NAME.keysweep-XXXXXX" beside `target`, the Xs for mkostemp to fill in.
std::string TempPattern(const std::string& target) {
  const std::filesystem::path t(target);
  std::string leaf = ".";  // built by appending: GCC 12 warns falsely on chained operator+
  leaf.append(t.filename().string()).append(".keysweep-XXXXXX");
  return (t.parent_path() / leaf).string();
}

class PosixEnv : public Env {
 public:
  std::optional<std::string> GetVar(const std::string& name) override {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  }

  std::chrono::steady_clock::time_point Now() override { return std::chrono::steady_clock::now(); }

  Result<UniqueFd> OpenForRead(const std::string& path, Open how) override {
    const int extra = how == Open::kWalked ? O_NOFOLLOW | O_NONBLOCK : 0;
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | extra));
    if (!fd) return SystemError(errno);
    return fd;
  }

  Result<TempFile> CreateTempBeside(const std::string& target) override {
    TempFile temp{UniqueFd(), TempPattern(target)};
    temp.fd.reset(::mkostemp(temp.path.data(), O_CLOEXEC));
    if (!temp.fd) return SystemError(errno);
    // mkostemp already uses 0600 less the umask; say it outright, whatever the umask is.
    if (::fchmod(temp.fd.get(), 0600) != 0) {
      const int err = errno;
      ::unlink(temp.path.c_str());
      return SystemError(err);
    }
    return temp;
  }
};

}  // namespace

// Built in place and never destroyed, so that code running during exit (another static's
// destructor, a thread still finishing) never calls into a destroyed object.
Env& Env::Default() {
  alignas(PosixEnv) static unsigned char storage[sizeof(PosixEnv)];
  static Env* const env = ::new (storage) PosixEnv();
  return *env;
}

std::string Env::CacheDir() {
  auto set = [this](const char* name) {
    std::optional<std::string> value = GetVar(name);
    return value && !value->empty() ? value : std::nullopt;
  };
  if (auto dir = set("KEYSWEEP_CACHE_DIR")) return *dir;
  if (auto dir = set("XDG_CACHE_HOME")) return *dir + "/keysweep";
  if (auto dir = set("HOME")) return *dir + "/.cache/keysweep";
  return "";
}

}  // namespace ks
