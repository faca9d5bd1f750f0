#include "source/file_source.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "util/parallel_for.h"
#include "util/unique_fd.h"

namespace ks {
namespace {

namespace fs = std::filesystem;

std::string JoinPath(const std::string& dir, const std::string& name) {
  return dir.empty() || dir.back() == '/' ? dir + name : dir + "/" + name;
}

// Reads a descriptor up to `limit` bytes, then checks for one more: a stream that goes on past
// the limit ends there and says so.
class FdReader : public ByteReader {
 public:
  FdReader(int fd, uint64_t limit) : fd_(fd), limit_(limit) {}

  Result<size_t> Read(char* dst, size_t n) override {
    if (read_ >= limit_) {
      char probe = 0;
      auto more = ReadSome(&probe, 1);
      if (more.ok() && *more > 0) over_ = true;
      return more.ok() ? Result<size_t>(size_t{0}) : more;
    }
    auto got = ReadSome(dst, static_cast<size_t>(std::min<uint64_t>(n, limit_ - read_)));
    if (got.ok()) read_ += *got;
    return got;
  }

  uint64_t bytes() const { return read_; }
  bool over_limit() const { return over_; }
  bool failed() const { return failed_; }

 private:
  Result<size_t> ReadSome(char* dst, size_t n) {
    for (;;) {
      const ssize_t got = ::read(fd_, dst, n);
      if (got >= 0) return static_cast<size_t>(got);
      if (errno == EINTR) continue;
      failed_ = true;
      return MakeError(ErrorKind::kInput, std::strerror(errno));
    }
  }

  int fd_;
  uint64_t limit_;
  uint64_t read_ = 0;
  bool over_ = false;
  bool failed_ = false;
};

}  // namespace

void FileSource::Run(const std::vector<std::string>& paths, const BlobVisitor& visit) {
  std::vector<Item> items;
  for (const std::string& p : paths) ListArgument(p, &items);
  if (opts_.on_total) opts_.on_total(items.size());
  // One buffer per worker, reused for every file it reads.
  std::vector<std::string> buffers(Workers(opts_.threads, items.size(), 1));
  ParallelFor(opts_.threads, items.size(), 1, [&](size_t worker, size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      const uint64_t bytes = VisitFile(worker, i, items[i], &buffers[worker], visit);
      if (opts_.on_item) opts_.on_item(bytes);
      if (opts_.on_done) opts_.on_done(i);
    }
  });
}

void FileSource::ListArgument(const std::string& path, std::vector<Item>* items) {
  if (path == "-") return items->push_back({path, SourceKind::kStdin});
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    diag_->Error(fmt::format("{}: {}", path, std::strerror(errno)));
    return;
  }
  if (S_ISDIR(st.st_mode)) return WalkDirectory(path, items);
  items->push_back({path, SourceKind::kFile});
}

// Iterative, sorted walk. lstat-based: symlinks are neither followed nor scanned.
void FileSource::WalkDirectory(const std::string& root, std::vector<Item>* items) {
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
    for (auto it = files.rbegin(); it != files.rend(); ++it) {
      items->push_back({*it, SourceKind::kFile, /*walked=*/true});
    }
  }
}

int FileSource::Open(const Item& item, UniqueFd* owned) {
  if (item.kind == SourceKind::kStdin) return STDIN_FILENO;
  auto file = env_.OpenForRead(item.path, item.walked ? Env::Open::kWalked : Env::Open::kAsNamed);
  if (!file.ok()) {
    struct stat st {};
    const bool now_link =
        item.walked && ::lstat(item.path.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
    diag_->Error(now_link ? fmt::format("{}: became a symbolic link during the scan, not followed",
                                        item.path)
                          : fmt::format("{}: {}", item.path, file.error().message));
    return -1;
  }
  *owned = std::move(file).value();
  return owned->get();
}

uint64_t FileSource::VisitFile(size_t worker, size_t seq, const Item& item, std::string* buffer,
                               const BlobVisitor& visit) {
  const std::string& path = item.path;
  const SourceKind kind = item.kind;
  UniqueFd opened;
  const int fd = Open(item, &opened);
  if (fd < 0) return 0;
  struct stat st {};
  if (item.walked && (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) {
    diag_->Error(
        fmt::format("{}: no longer a regular file (changed during the scan), not read", path));
    return 0;
  }
  const bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  const auto size = static_cast<uint64_t>(regular ? st.st_size : 0);
  if (regular && size > opts_.max_file_size) {
    Skip(SkippedItem{path, {}, size, SkipReason::kTooLarge});
    return 0;
  }
  if (!regular || size > ChunkBytes()) return StreamFile(worker, seq, fd, item, visit);
  if (!ReadInto(fd, path, static_cast<size_t>(size) + 1, buffer)) return 0;
  ++files_;
  bytes_ += buffer->size();
  visit(Blob{*buffer, path, kind, {}}, BlobContext{worker, seq});
  return buffer->size();
}

// A file larger than a chunk, or one whose size is not known in advance (stdin, a pipe), goes
// to the scanner as a stream; past max_file_size the stream ends, and what was not read is
// reported as skipped (the part read is still scanned).
uint64_t FileSource::StreamFile(size_t worker, size_t seq, int fd, const Item& item,
                                const BlobVisitor& visit) {
  FdReader reader(fd, opts_.max_file_size);
  visit(Blob{{}, item.path, item.kind, {}, &reader}, BlobContext{worker, seq});
  if (reader.failed()) return 0;  // the scanner reported the error
  ++files_;
  bytes_ += reader.bytes();
  if (reader.over_limit()) {
    Skip(SkippedItem{item.path, {}, reader.bytes(), SkipReason::kTruncated});
  }
  return reader.bytes();
}

// Reads a regular file of known size (at most a chunk) whole, in one call of its size (+1 to see
// EOF), so its buffer grows at most once.
bool FileSource::ReadInto(int fd, const std::string& path, size_t size_hint, std::string* buffer) {
  std::string& out = *buffer;
  out.clear();
  constexpr size_t kChunk = 1 << 16;
  for (;;) {
    const size_t old = out.size();
    const size_t chunk = old < size_hint ? size_hint - old : kChunk;
    out.resize(old + chunk);
    const ssize_t n = ::read(fd, out.data() + old, chunk);
    if (n < 0 && errno == EINTR) {
      out.resize(old);
      continue;
    }
    out.resize(old + static_cast<size_t>(std::max<ssize_t>(n, 0)));
    if (n < 0) {
      diag_->Error(fmt::format("{}: {}", path, std::strerror(errno)));
      return false;
    }
    if (n == 0) return true;
    if (out.size() > opts_.max_file_size) {  // the file grew while it was read
      Skip(SkippedItem{path, {}, out.size(), SkipReason::kTooLarge});
      return false;
    }
  }
}

void FileSource::Skip(SkippedItem item) {
  ++skipped_;
  diag_->Notice(DescribeSkipped(item, opts_.max_file_size));
  std::lock_guard lock(skipped_mu_);
  skipped_items_.Add(std::move(item));
}

SourceStats FileSource::stats() const {
  std::lock_guard lock(skipped_mu_);
  SourceStats s{files_, bytes_, skipped_, 0, {}};
  s.skipped_items = skipped_items_;
  return s;
}

}  // namespace ks
