// Env: the real environment's calls, and test Envs that break one of them where a real run, or
// a test running as root, cannot: FileSource meeting a file it may not open, and cli::Output in
// a directory where no new file may be created. These replace, as unit tests that also run as
// root, the end-to-end tests that chmod a file or a directory.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli/output.h"
#include "engine/db_loader.h"
#include "rules/rule_set.h"
#include "source/file_source.h"
#include "temp_dir.h"
#include "util/env.h"

namespace ks {
namespace {

namespace fs = std::filesystem;
using ::testing::StartsWith;

using Vars = std::map<std::string, std::string>;

// Variables from a map instead of the process environment.
class VarsEnv : public EnvWrapper {
 public:
  explicit VarsEnv(Vars vars) : EnvWrapper(Env::Default()), vars_(std::move(vars)) {}
  std::optional<std::string> GetVar(const std::string& name) override {
    const auto it = vars_.find(name);
    if (it == vars_.end()) return std::nullopt;
    return it->second;
  }

 private:
  Vars vars_;
};

// Opening a file whose name ends in `suffix` fails as it does without read permission.
class UnreadableEnv : public EnvWrapper {
 public:
  explicit UnreadableEnv(std::string suffix)
      : EnvWrapper(Env::Default()), suffix_(std::move(suffix)) {}
  Result<UniqueFd> OpenForRead(const std::string& path, Open how) override {
    if (path.ends_with(suffix_)) return MakeError(ErrorKind::kInput, std::strerror(EACCES));
    return EnvWrapper::OpenForRead(path, how);
  }

 private:
  std::string suffix_;
};

// No temporary file can be created, as in a directory without write permission.
class ReadOnlyDirectoryEnv : public EnvWrapper {
 public:
  ReadOnlyDirectoryEnv() : EnvWrapper(Env::Default()) {}
  Result<TempFile> CreateTempBeside(const std::string& /*target*/) override {
    ++attempts;
    return MakeError(ErrorKind::kInput, std::strerror(EACCES));
  }
  int attempts = 0;
};

using testing::Mode;
using testing::Names;
using testing::Slurp;

constexpr fs::perms kPrivate = fs::perms::owner_read | fs::perms::owner_write;

// --- the real Env -----------------------------------------------------------------------------

TEST(EnvTest, DefaultReadsTheProcessEnvironmentAtEachCall) {
  constexpr char kName[] = "KS_UTIL_ENV_TEST_VARIABLE";
  Env& env = Env::Default();
  ::unsetenv(kName);
  EXPECT_EQ(env.GetVar(kName), std::nullopt);
  ::setenv(kName, "first", 1);
  EXPECT_EQ(env.GetVar(kName), "first");
  ::setenv(kName, "", 1);
  EXPECT_EQ(env.GetVar(kName), "");  // set but empty is not unset
  ::unsetenv(kName);
  EXPECT_EQ(&Env::Default(), &env);
}

TEST(EnvTest, CacheDirPrefersKeysweepThenXdgThenHomeAndSkipsEmptyValues) {
  EXPECT_EQ(VarsEnv(Vars{{"KEYSWEEP_CACHE_DIR", "/k"}, {"XDG_CACHE_HOME", "/x"}, {"HOME", "/h"}})
                .CacheDir(),
            "/k");
  EXPECT_EQ(VarsEnv(Vars{{"KEYSWEEP_CACHE_DIR", ""}, {"XDG_CACHE_HOME", "/x"}, {"HOME", "/h"}})
                .CacheDir(),
            "/x/keysweep");
  EXPECT_EQ(VarsEnv(Vars{{"XDG_CACHE_HOME", ""}, {"HOME", "/h"}}).CacheDir(), "/h/.cache/keysweep");
  EXPECT_EQ(VarsEnv(Vars{{"HOME", ""}}).CacheDir(), "");
  EXPECT_EQ(VarsEnv(Vars{}).CacheDir(), "");
}

TEST(EnvTest, NowIsMonotonicAndAdvances) {
  Env& env = Env::Default();
  const auto first = env.Now();
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const auto second = env.Now();
  EXPECT_GE(second - first, std::chrono::milliseconds(5));
}

TEST(EnvTest, OpenForReadGivesADescriptorOrTheSystemsReasonAlone) {
  testing::TempDir dir;
  dir.Write("f", "bytes");
  auto opened = Env::Default().OpenForRead((dir.path() / "f").string(), Env::Open::kAsNamed);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  char buf[8] = {};
  EXPECT_EQ(::read(opened->get(), buf, sizeof buf), 5);
  EXPECT_EQ(std::string(buf, 5), "bytes");
  EXPECT_EQ(::fcntl(opened->get(), F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
  auto missing = Env::Default().OpenForRead((dir.path() / "missing").string(), Env::Open::kAsNamed);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kInput);
  EXPECT_EQ(missing.error().message, std::strerror(ENOENT));
}

TEST(EnvTest, CreateTempBesideMakesANewPrivateFileInTheTargetsDirectory) {
  testing::TempDir dir;
  const fs::path target = dir.path() / "report.json";
  const mode_t old_umask = ::umask(0);  // 0600 must not depend on the umask
  auto a = Env::Default().CreateTempBeside(target.string());
  auto b = Env::Default().CreateTempBeside(target.string());
  ::umask(old_umask);
  ASSERT_TRUE(a.ok()) << a.error().message;
  ASSERT_TRUE(b.ok()) << b.error().message;
  EXPECT_NE(a->path, b->path);
  const fs::path temp(a->path);
  EXPECT_EQ(temp.parent_path(), dir.path());
  EXPECT_THAT(temp.filename().string(), StartsWith(".report.json.keysweep-"));
  EXPECT_EQ(fs::symlink_status(temp).type(), fs::file_type::regular);
  EXPECT_EQ(Mode(temp), kPrivate);
  EXPECT_EQ(fs::file_size(temp), 0u);
  EXPECT_FALSE(fs::exists(target));
  auto nowhere = Env::Default().CreateTempBeside((dir.path() / "no-dir" / "report").string());
  ASSERT_FALSE(nowhere.ok());
  EXPECT_EQ(nowhere.error().message, std::strerror(ENOENT));
}

TEST(EnvTest, EnvWrapperForwardsWhatItDoesNotOverride) {
  testing::TempDir dir;
  dir.Write("f", "x");
  ReadOnlyDirectoryEnv env;
  EXPECT_TRUE(env.OpenForRead((dir.path() / "f").string(), Env::Open::kAsNamed).ok());
  EXPECT_FALSE(env.CreateTempBeside((dir.path() / "f").string()).ok());
  EXPECT_EQ(env.attempts, 1);
  ::setenv("KS_UTIL_ENV_TEST_FORWARDED", "yes", 1);
  EXPECT_EQ(env.GetVar("KS_UTIL_ENV_TEST_FORWARDED"), "yes");
  ::unsetenv("KS_UTIL_ENV_TEST_FORWARDED");
}

// --- engine: the cache directory and its temporary files come from the Env -----------------

RuleSet OneRule() {
  Rule r;
  r.id = r.name = "env-test";
  r.description = "a rule for the Env tests";
  r.pattern = "envtest[0-9]{4}";
  r.playbook = "test";
  r.examples = {"envtest1234"};
  r.negative_examples = {"envtest"};
  return RuleSet({r});
}

TEST(EnvTest, TheEngineTakesItsCacheDirectoryFromTheEnv) {
  testing::TempDir dir;
  const fs::path cache = dir.path() / "from-env";
  VarsEnv env(Vars{{"KEYSWEEP_CACHE_DIR", cache.string()}});
  EXPECT_EQ(env.CacheDir(), cache.string());
  auto first = LoadPatternDb(OneRule(), DbLoadOptions{}, env);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->origin, DbOrigin::kCompiled);
  ASSERT_EQ(Names(cache).size(), 1u);
  EXPECT_THAT(Names(cache)[0], StartsWith("hs-"));
  auto second = LoadPatternDb(OneRule(), DbLoadOptions{}, env);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->origin, DbOrigin::kCache);
}

TEST(EnvTest, ACacheThatCannotBeWrittenOnlyMeansCompilingAgain) {
  testing::TempDir dir;
  ReadOnlyDirectoryEnv env;
  DbLoadOptions opts;
  opts.cache_dir = (dir.path() / "cache").string();
  for (int run = 0; run < 2; ++run) {
    auto db = LoadPatternDb(OneRule(), opts, env);
    ASSERT_TRUE(db.ok()) << db.error().message;
    EXPECT_EQ(db->origin, DbOrigin::kCompiled);
  }
  EXPECT_EQ(env.attempts, 2);
  EXPECT_TRUE(Names(dir.path() / "cache").empty());
}

// --- FileSource: a file that cannot be opened ----------------------------------------------

class RecordingDiagnostics : public Diagnostics {
 public:
  std::vector<std::string> errors_seen;

 protected:
  void OnNotice(const std::string& /*msg*/) override {}
  void OnError(const std::string& msg) override {
    std::lock_guard lock(mu_);
    errors_seen.push_back(msg);
  }

 private:
  std::mutex mu_;
};

TEST(EnvTest, FileSourceReportsAFileItCannotOpenAndTheRunCountsTheError) {
  testing::TempDir dir;
  dir.Write("readable.txt", "fine");
  dir.Write("secret.txt", "AKIA...");
  dir.Write("zzz.txt", "also fine");
  UnreadableEnv env("secret.txt");
  RecordingDiagnostics diag;
  FileSource source(SourceOptions{1 << 20, 2}, &diag, env);
  std::mutex mu;
  std::vector<std::string> visited;
  source.Run({dir.path().string()}, [&](const Blob& b, const BlobContext&) {
    std::lock_guard lock(mu);
    visited.push_back(fs::path(b.path).filename().string());
  });
  std::sort(visited.begin(), visited.end());
  EXPECT_EQ(visited, (std::vector<std::string>{"readable.txt", "zzz.txt"}));
  EXPECT_EQ(diag.errors(), 1u);  // what makes the run exit 2
  ASSERT_EQ(diag.errors_seen.size(), 1u);
  EXPECT_EQ(diag.errors_seen[0], (dir.path() / "secret.txt").string() + ": Permission denied");
  EXPECT_EQ(source.stats().blobs, 2u);
  EXPECT_EQ(source.stats().skipped, 0u);
}

// --- cli::Output: a directory where no new file may be created -----------------------------

cli::GlobalOptions WritingTo(const fs::path& path) {
  cli::GlobalOptions opts;
  opts.output = path.string();
  return opts;
}

bool WriteReport(const fs::path& path, Env& env, const std::string& text) {
  auto out = cli::Output::Open(WritingTo(path), env);
  if (!out.ok()) return false;
  (*out)->stream() << text;
  return (*out)->Close();
}

ino_t Inode(const fs::path& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
}

TEST(EnvTest, OutputReplacesAReportThroughANewFileWhenItCan) {
  testing::TempDir dir;
  const fs::path report = dir.path() / "report.json";
  dir.Write("report.json", "old report\n");
  fs::permissions(report, fs::perms::owner_all | fs::perms::group_read | fs::perms::others_read);
  const ino_t before = Inode(report);
  ASSERT_TRUE(WriteReport(report, Env::Default(), "{\"findings\": []}\n"));
  EXPECT_EQ(Slurp(report), "{\"findings\": []}\n");
  EXPECT_EQ(Mode(report), kPrivate);
  EXPECT_NE(Inode(report), before);  // a new file: the contrast for the in-place case below
}

TEST(EnvTest, OutputWritesAnExistingReportInPlaceWhenNoNewFileCanBeCreated) {
  testing::TempDir dir;
  const fs::path report = dir.path() / "report.json";
  dir.Write("report.json", "old report, longer than the new one\n");
  fs::permissions(report, fs::perms::owner_all | fs::perms::group_read | fs::perms::others_read);
  const ino_t before = Inode(report);
  ReadOnlyDirectoryEnv env;
  ASSERT_TRUE(WriteReport(report, env, "{\"findings\": []}\n"));
  EXPECT_EQ(env.attempts, 1);
  EXPECT_EQ(Slurp(report), "{\"findings\": []}\n");  // truncated, then written
  EXPECT_EQ(Mode(report), kPrivate);
  EXPECT_EQ(Inode(report), before);
  EXPECT_EQ(Names(dir.path()), (std::vector<std::string>{"report.json"}));
}

TEST(EnvTest, OutputCannotCreateAMissingReportWhereNoNewFileMayBeCreated) {
  testing::TempDir dir;
  const fs::path report = dir.path() / "report.json";
  ReadOnlyDirectoryEnv env;
  auto out = cli::Output::Open(WritingTo(report), env);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::kInput);
  EXPECT_EQ(out.error().message, report.string() + ": Permission denied");
  EXPECT_TRUE(Names(dir.path()).empty());
}

}  // namespace
}  // namespace ks
