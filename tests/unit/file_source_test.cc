// FileSource on real temporary trees: walk order, each file exactly once whatever the number of
// threads, symlinks and .git never entered, the size limit.
#include "source/file_source.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "temp_dir.h"

namespace ks {
namespace {

namespace fs = std::filesystem;

class CountingDiagnostics : public Diagnostics {
 public:
  std::vector<std::string> notices;

 protected:
  void OnNotice(const std::string& msg) override {
    std::lock_guard lock(mu_);
    notices.push_back(msg);
  }
  void OnError(const std::string& /*msg*/) override {}

 private:
  std::mutex mu_;
};

struct Visit {
  size_t worker, seq;
  std::string path, bytes;
};

std::vector<Visit> Walk(const std::string& root, size_t threads, CountingDiagnostics* diag,
                        uint64_t max_size = 1 << 20) {
  FileSource source(SourceOptions{max_size, threads}, diag);
  std::mutex mu;
  std::vector<Visit> out;
  source.Run({root}, [&](const Blob& b, const BlobContext& where) {
    const size_t worker = where.worker, seq = where.seq;
    std::lock_guard lock(mu);
    out.push_back({worker, seq, std::string(b.path), std::string(b.bytes)});
  });
  std::sort(out.begin(), out.end(), [](const Visit& a, const Visit& b) { return a.seq < b.seq; });
  return out;
}

std::vector<std::string> Relative(const std::vector<Visit>& visits, const fs::path& root) {
  std::vector<std::string> out;
  for (const Visit& v : visits) out.push_back(fs::relative(v.path, root).string());
  return out;
}

class FileSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(dir_.path() / "b" / "c");
    fs::create_directories(dir_.path() / ".git");
    dir_.Write("z.txt", "z");
    dir_.Write("a.txt", "a");
    dir_.Write("b/y.txt", "y");
    dir_.Write("b/c/x.txt", "x");
    dir_.Write(".git/config", "[core]");
    fs::create_directory_symlink(dir_.path(), dir_.path() / "b" / "loop");
    fs::create_symlink(dir_.path() / "a.txt", dir_.path() / "link.txt");
    for (int i = 0; i < 40; ++i) dir_.Write("b/c/f" + std::to_string(100 + i), std::string(i, 'q'));
  }
  testing::TempDir dir_;
};

TEST_F(FileSourceTest, WalksInNameOrderWithoutGitDirOrSymlinks) {
  CountingDiagnostics diag;
  const auto visits = Walk(dir_.path().string(), 1, &diag);
  const auto rel = Relative(visits, dir_.path());
  ASSERT_EQ(rel.size(), 44u);
  EXPECT_EQ(rel[0], "a.txt");
  EXPECT_EQ(rel[1], "z.txt");
  EXPECT_EQ(rel[2], "b/y.txt");
  EXPECT_EQ(rel[3], "b/c/f100");
  EXPECT_EQ(rel.back(), "b/c/x.txt");
  for (const std::string& r : rel) {
    EXPECT_THAT(r, ::testing::Not(::testing::HasSubstr(".git"))) << r;
    EXPECT_THAT(r, ::testing::Not(::testing::HasSubstr("link"))) << r;
    EXPECT_THAT(r, ::testing::Not(::testing::HasSubstr("loop"))) << r;
  }
  for (size_t i = 0; i < visits.size(); ++i) EXPECT_EQ(visits[i].seq, i);
}

TEST_F(FileSourceTest, ThreadsVisitEveryFileOnceWithTheSameSequenceAndBytes) {
  CountingDiagnostics diag;
  const auto one = Walk(dir_.path().string(), 1, &diag);
  const auto four = Walk(dir_.path().string(), 4, &diag);
  ASSERT_EQ(four.size(), one.size());
  std::set<size_t> workers;
  for (size_t i = 0; i < one.size(); ++i) {
    EXPECT_EQ(four[i].seq, i);
    EXPECT_EQ(four[i].path, one[i].path);
    EXPECT_EQ(four[i].bytes, one[i].bytes);
    EXPECT_LT(four[i].worker, 4u);
    workers.insert(four[i].worker);
  }
  EXPECT_GE(workers.size(), 1u);
}

TEST_F(FileSourceTest, FilesOverTheLimitAreSkippedWithANotice) {
  CountingDiagnostics diag;
  FileSource source(SourceOptions{10, 2}, &diag);
  size_t visited = 0;
  std::mutex mu;
  source.Run({dir_.path().string()}, [&](const Blob& b, const BlobContext&) {
    std::lock_guard lock(mu);
    EXPECT_LE(b.bytes.size(), 10u);
    ++visited;
  });
  EXPECT_EQ(source.stats().skipped, 29u);  // f111..f139 have 11..39 bytes
  EXPECT_EQ(source.stats().blobs, visited);
  EXPECT_EQ(visited, 44u - 29u);
  EXPECT_EQ(diag.notices.size(), 29u);
}

}  // namespace
}  // namespace ks
