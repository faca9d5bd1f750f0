// AtomicFile on real temporary directories: a committed file replaces its target as a new
// private file; an abandoned one leaves the target and no temporary; links are never written
// through; failures name the path the user wrote.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "temp_dir.h"
#include "util/atomic_file.h"

namespace ks {
namespace {

namespace fs = std::filesystem;
using ::testing::StartsWith;

constexpr fs::perms kPrivate = fs::perms::owner_read | fs::perms::owner_write;

using testing::Mode;
using testing::Names;
using testing::Slurp;

TEST(AtomicFileTest, CommitReplacesTheTargetWithANewPrivateFile) {
  testing::TempDir dir;
  const fs::path target = dir.path() / "state";
  dir.Write("state", "old");
  fs::permissions(target, fs::perms::owner_all | fs::perms::group_read | fs::perms::others_read);
  fs::create_hard_link(target, dir.path() / "other-name");
  auto file = AtomicFile::Create(target.string());
  ASSERT_TRUE(file.ok()) << file.error().message;
  EXPECT_EQ(file->target(), target.string());
  EXPECT_EQ(fs::path(file->temp_path()).parent_path(), dir.path());
  EXPECT_EQ(Mode(file->temp_path()), kPrivate);
  ASSERT_TRUE(file->Write("new "));
  ASSERT_TRUE(file->Write("contents"));
  EXPECT_EQ(Slurp(target), "old");  // nothing shows before the commit
  ASSERT_TRUE(file->Commit());
  EXPECT_EQ(Slurp(target), "new contents");
  EXPECT_EQ(Mode(target), kPrivate);
  EXPECT_EQ(Slurp(dir.path() / "other-name"), "old");  // a hard link keeps the old bytes
  EXPECT_EQ(file->fd(), -1);
  EXPECT_EQ(Names(dir.path()), (std::vector<std::string>{"other-name", "state"}));
}

TEST(AtomicFileTest, ATargetThatDidNotExistIsCreated) {
  testing::TempDir dir;
  const fs::path target = dir.path() / "new";
  auto file = AtomicFile::Create(target.string());
  ASSERT_TRUE(file.ok()) << file.error().message;
  ASSERT_TRUE(file->Write(""));
  ASSERT_TRUE(file->Commit());
  EXPECT_TRUE(fs::is_regular_file(target));
  EXPECT_EQ(fs::file_size(target), 0u);
  EXPECT_EQ(Mode(target), kPrivate);
}

TEST(AtomicFileTest, AnAbandonedFileLeavesTheTargetAndNoTemporary) {
  testing::TempDir dir;
  dir.Write("state", "old");
  std::string temp;
  {
    auto file = AtomicFile::Create((dir.path() / "state").string());
    ASSERT_TRUE(file.ok()) << file.error().message;
    ASSERT_TRUE(file->Write("half written"));
    temp = file->temp_path();
    EXPECT_TRUE(fs::exists(temp));
  }
  EXPECT_FALSE(fs::exists(temp));
  EXPECT_EQ(Slurp(dir.path() / "state"), "old");
  EXPECT_EQ(Names(dir.path()), (std::vector<std::string>{"state"}));
}

TEST(AtomicFileTest, MovingHandsTheTemporaryOverAndAssignmentAbandonsTheOldOne) {
  testing::TempDir dir;
  auto a = AtomicFile::Create((dir.path() / "a").string());
  auto b = AtomicFile::Create((dir.path() / "b").string());
  ASSERT_TRUE(a.ok() && b.ok());
  const std::string temp_a = a->temp_path(), temp_b = b->temp_path();
  AtomicFile moved(std::move(a).value());
  EXPECT_TRUE(fs::exists(temp_a));  // the moved-from object's destruction must not remove it
  moved = std::move(b).value();
  EXPECT_FALSE(fs::exists(temp_a));
  EXPECT_TRUE(fs::exists(temp_b));
  ASSERT_TRUE(moved.Write("b's bytes"));
  ASSERT_TRUE(moved.Commit());
  EXPECT_EQ(Slurp(dir.path() / "b"), "b's bytes");
  EXPECT_EQ(Names(dir.path()), (std::vector<std::string>{"b"}));
}

TEST(AtomicFileTest, OnlyTheFirstCommitCanSucceed) {
  testing::TempDir dir;
  auto file = AtomicFile::Create((dir.path() / "f").string());
  ASSERT_TRUE(file.ok());
  ASSERT_TRUE(file->Commit());
  const Status again = file->Commit();
  ASSERT_FALSE(again.ok());
  EXPECT_THAT(again.error().message, StartsWith((dir.path() / "f").string() + ": "));
  EXPECT_FALSE(file->Write("late"));
}

TEST(AtomicFileTest, AFailedRenameLeavesTheTargetAndRemovesTheTemporary) {
  testing::TempDir dir;
  fs::create_directories(dir.path() / "target" / "inside");  // rename() cannot replace it
  {
    auto file = AtomicFile::Create((dir.path() / "target").string(), "shown/target");
    ASSERT_TRUE(file.ok()) << file.error().message;
    ASSERT_TRUE(file->Write("bytes"));
    const Status s = file->Commit();
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().kind, ErrorKind::kInput);
    EXPECT_THAT(s.error().message, StartsWith("shown/target: "));
  }
  EXPECT_TRUE(fs::is_directory(dir.path() / "target" / "inside"));
  EXPECT_EQ(Names(dir.path()), (std::vector<std::string>{"target"}));
}

TEST(AtomicFileTest, CreationErrorsNameThePathAsTheUserWroteIt) {
  testing::TempDir dir;
  const std::string target = (dir.path() / "missing-dir" / "report").string();
  auto named = AtomicFile::Create(target);
  ASSERT_FALSE(named.ok());
  EXPECT_EQ(named.error().kind, ErrorKind::kInput);
  EXPECT_EQ(named.error().message, target + ": No such file or directory");
  auto shown = AtomicFile::Create(target, "missing-dir/report");
  ASSERT_FALSE(shown.ok());
  EXPECT_EQ(shown.error().message, "missing-dir/report: No such file or directory");
}

// Links planted where a temporary might be expected are never opened: the temporary is a fresh
// regular file, and whatever the links point at keeps its bytes.
TEST(AtomicFileTest, LinksPlantedBesideTheTargetAreNeverWrittenThrough) {
  testing::TempDir dir;
  dir.Write("victim", "keep me");
  for (const char* name : {"state.tmp", ".state.tmp", ".state.keysweep-tmp", ".state.keysweep-"}) {
    fs::create_symlink(dir.path() / "victim", dir.path() / name);
  }
  auto file = AtomicFile::Create((dir.path() / "state").string());
  ASSERT_TRUE(file.ok()) << file.error().message;
  EXPECT_EQ(fs::symlink_status(file->temp_path()).type(), fs::file_type::regular);
  EXPECT_THAT(fs::path(file->temp_path()).filename().string(), StartsWith(".state.keysweep-"));
  ASSERT_TRUE(file->Write("state bytes"));
  ASSERT_TRUE(file->Commit());
  EXPECT_EQ(Slurp(dir.path() / "victim"), "keep me");
  EXPECT_EQ(Slurp(dir.path() / "state"), "state bytes");
}

// A link at the target is replaced, not followed (cli/output.h resolves links first when it
// wants the file they point at replaced).
TEST(AtomicFileTest, ALinkAtTheTargetIsReplacedNotFollowed) {
  testing::TempDir dir;
  dir.Write("victim", "keep me");
  fs::create_symlink(dir.path() / "victim", dir.path() / "state");
  auto file = AtomicFile::Create((dir.path() / "state").string());
  ASSERT_TRUE(file.ok()) << file.error().message;
  ASSERT_TRUE(file->Write("state bytes"));
  ASSERT_TRUE(file->Commit());
  EXPECT_EQ(fs::symlink_status(dir.path() / "state").type(), fs::file_type::regular);
  EXPECT_EQ(Slurp(dir.path() / "state"), "state bytes");
  EXPECT_EQ(Slurp(dir.path() / "victim"), "keep me");
}

// The temporary comes from the Env, so a test can stand in for a directory that refuses one.
class RefusingEnv : public EnvWrapper {
 public:
  RefusingEnv() : EnvWrapper(Env::Default()) {}
  Result<TempFile> CreateTempBeside(const std::string& target) override {
    asked_for = target;
    return MakeError(ErrorKind::kInput, "Read-only file system");
  }
  std::string asked_for;
};

TEST(AtomicFileTest, TheTemporaryIsMadeByTheEnv) {
  testing::TempDir dir;
  RefusingEnv env;
  const std::string target = (dir.path() / "f").string();
  auto file = AtomicFile::Create(target, "f", env);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(env.asked_for, target);
  EXPECT_EQ(file.error().message, "f: Read-only file system");
  EXPECT_THAT(Names(dir.path()), ::testing::IsEmpty());
}

}  // namespace
}  // namespace ks
