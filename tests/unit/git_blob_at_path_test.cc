// Files as committed (git/blob_at_path.h): what a path names in a commit's tree, its bytes with
// a size limit, directory listings, and the paths and entries that are refused.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>

#include "git/blob_at_path.h"
#include "git/repository.h"
#include "temp_repo.h"

namespace ks::git {
namespace {

using ::ks::testing::TempRepo;
using ::testing::HasSubstr;

class BlobAtPathTest : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_.Write(".keysweep.yaml", "allowlist: {}\n");
    repo_.Write("ci/rules/a.yaml", "rules: []\n");
    repo_.Write("ci/rules/b.txt", "b\n");
    base_ = repo_.Commit("base");
    repo_.Write(".keysweep.yaml", "changed\n");
    repo_.Git("rm -q ci/rules/b.txt");
    tip_ = repo_.Commit("tip");
    auto r = Repository::Discover(repo_.dir());
    ASSERT_TRUE(r.ok()) << r.error().message;
    git_.emplace(std::move(r).value());
  }

  TempRepo repo_;
  Oid base_, tip_;
  std::optional<Repository> git_;
};

TEST_F(BlobAtPathTest, ReadsAFileAsCommittedAtEachCommit) {
  auto at_base = ReadBlobAtPath(*git_, base_, ".keysweep.yaml", 1024);
  ASSERT_TRUE(at_base.ok()) << at_base.error().message;
  EXPECT_EQ(**at_base, "allowlist: {}\n");
  EXPECT_EQ(**ReadBlobAtPath(*git_, tip_, ".keysweep.yaml", 1024), "changed\n");
  EXPECT_EQ(**ReadBlobAtPath(*git_, base_, "ci/rules/a.yaml", 1024), "rules: []\n");
}

TEST_F(BlobAtPathTest, NothingThereIsNotAnError) {
  for (const char* path : {"missing", "ci/missing/x", ".keysweep.yaml/below"}) {
    auto r = ReadBlobAtPath(*git_, base_, path, 1024);
    ASSERT_TRUE(r.ok()) << path << ": " << r.error().message;
    EXPECT_FALSE(r->has_value()) << path;
  }
  EXPECT_FALSE(ReadBlobAtPath(*git_, tip_, "ci/rules/b.txt", 1024)->has_value());
}

TEST_F(BlobAtPathTest, RefusesBadPathsDirectoriesAndLargeFiles) {
  for (const char* path : {"../x", "ci/../.keysweep.yaml", "./.keysweep.yaml", "ci//rules", "/x"}) {
    auto r = ReadBlobAtPath(*git_, base_, path, 1024);
    EXPECT_FALSE(r.ok()) << path;
  }
  auto dir = ReadBlobAtPath(*git_, base_, "ci/rules", 1024);
  ASSERT_FALSE(dir.ok());
  EXPECT_THAT(dir.error().message, HasSubstr("not a regular file"));
  auto big = ReadBlobAtPath(*git_, base_, ".keysweep.yaml", 4);
  ASSERT_FALSE(big.ok());
  EXPECT_THAT(big.error().message, HasSubstr("over the limit of 4"));
}

TEST_F(BlobAtPathTest, RefusesASymbolicLink) {
  std::filesystem::create_symlink(".keysweep.yaml", std::filesystem::path(repo_.dir()) / "link");
  const Oid with_link = repo_.Commit("link");
  auto r = Repository::Discover(repo_.dir());
  ASSERT_TRUE(r.ok());
  auto read = ReadBlobAtPath(*r, with_link, "link", 1024);
  ASSERT_FALSE(read.ok());
  EXPECT_THAT(read.error().message, HasSubstr("not a regular file"));
  auto entry = LookupPath(*r, with_link, "link");
  ASSERT_TRUE(entry.ok() && entry->has_value());
  EXPECT_FALSE((*entry)->regular_file());
}

TEST_F(BlobAtPathTest, ListsADirectory) {
  auto listed = ListTreeAtPath(*git_, base_, "ci/rules");
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  ASSERT_EQ((*listed)->size(), 2u);
  EXPECT_EQ((**listed)[0].name, "a.yaml");
  EXPECT_TRUE((**listed)[0].regular_file());
  EXPECT_EQ((**listed)[1].name, "b.txt");
  EXPECT_EQ((*ListTreeAtPath(*git_, tip_, "ci/rules"))->size(), 1u);
  EXPECT_FALSE(ListTreeAtPath(*git_, base_, "nothing")->has_value());
  EXPECT_FALSE(ListTreeAtPath(*git_, base_, ".keysweep.yaml").ok());
  auto root = ListTreeAtPath(*git_, base_, "");
  ASSERT_TRUE(root.ok());
  EXPECT_EQ((*root)->size(), 2u);  // .keysweep.yaml and ci
}

}  // namespace
}  // namespace ks::git
