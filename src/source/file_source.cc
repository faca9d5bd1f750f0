#include "source/file_source.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace ks {
namespace {

namespace fs = std::filesystem;

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ > 2) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string JoinPath(const std::string& dir, const std::string& name) {
  return dir.empty() || dir.back() == '/' ? dir + name : dir + "/" + name;
}

}  // namespace

void FileSource::Run(const std::vector<std::string>& paths, const BlobVisitor& visit) {
  for (const std::string& p : paths) VisitArgument(p, visit);
}

void FileSource::VisitArgument(const std::string& path, const BlobVisitor& visit) {
  if (path == "-") return VisitFile(path, SourceKind::kStdin, visit);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    diag_->Error(fmt::format("{}: {}", path, std::strerror(errno)));
    return;
  }
  if (S_ISDIR(st.st_mode)) return WalkDirectory(path, visit);
  VisitFile(path, SourceKind::kFile, visit);
}

// Iterative, sorted walk. lstat-based: symlinks are neither followed nor scanned.
void FileSource::WalkDirectory(const std::string& root, const BlobVisitor& visit) {
  std::vector<std::string> stack{root};
  while (!stack.empty()) {
    const std::string dir = std::move(stack.back());
    stack.pop_back();
    std::error_code ec;
    std::vector<std::string> names;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      names.push_back(it->path().filename().string());
    }
    if (ec) diag_->Error(fmt::format("{}: {}", dir, ec.message()));
    std::sort(names.begin(), names.end(), std::greater<>());  // popped in ascending order
    std::vector<std::string> files;
    for (const std::string& name : names) {
      const std::string p = JoinPath(dir, name);
      struct stat st {};
      if (::lstat(p.c_str(), &st) != 0) {
        diag_->Error(fmt::format("{}: {}", p, std::strerror(errno)));
      } else if (S_ISDIR(st.st_mode) && name != ".git") {
        stack.push_back(p);
      } else if (S_ISREG(st.st_mode)) {
        files.push_back(p);
      }
    }
    for (auto it = files.rbegin(); it != files.rend(); ++it)
      VisitFile(*it, SourceKind::kFile, visit);
  }
}

void FileSource::VisitFile(const std::string& path, SourceKind kind, const BlobVisitor& visit) {
  const int raw =
      kind == SourceKind::kStdin ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (raw < 0) {
    diag_->Error(fmt::format("{}: {}", path, std::strerror(errno)));
    return;
  }
  Fd fd(raw);
  struct stat st {};
  if (::fstat(fd.get(), &st) == 0 && S_ISREG(st.st_mode) &&
      static_cast<uint64_t>(st.st_size) > opts_.max_file_size) {
    ++stats_.skipped;
    diag_->Notice(fmt::format("{}: skipped, {} bytes is over --max-file-size {}", path, st.st_size,
                              opts_.max_file_size));
    return;
  }
  if (!ReadInto(fd.get(), path)) return;
  ++stats_.files;
  stats_.bytes += buffer_.size();
  visit(Blob{buffer_, path, kind, {}});
}

// Reads to EOF, giving up (with a notice) once the size limit is passed: stdin and pipes have no
// size to check in advance.
bool FileSource::ReadInto(int fd, const std::string& path) {
  buffer_.clear();
  constexpr size_t kChunk = 1 << 16;
  for (;;) {
    const size_t old = buffer_.size();
    buffer_.resize(old + kChunk);
    const ssize_t n = ::read(fd, buffer_.data() + old, kChunk);
    if (n < 0 && errno == EINTR) {
      buffer_.resize(old);
      continue;
    }
    buffer_.resize(old + static_cast<size_t>(std::max<ssize_t>(n, 0)));
    if (n < 0) {
      diag_->Error(fmt::format("{}: {}", path, std::strerror(errno)));
      return false;
    }
    if (n == 0) return true;
    if (buffer_.size() > opts_.max_file_size) {
      ++stats_.skipped;
      diag_->Notice(fmt::format("{}: skipped, over --max-file-size {}", path, opts_.max_file_size));
      return false;
    }
  }
}

}  // namespace ks
