// TempRepo: a throwaway git repository with a fixed identity and dates, built through the git
// CLI (the tests use git to make fixtures; keysweep itself never runs it). Removed when the test
// ends.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "git/oid.h"

namespace ks::testing {

class TempRepo {
 public:
  explicit TempRepo(const std::string& init_args = "") {
    std::string tmpl = (std::filesystem::temp_directory_path() / "ks-git-unit-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    Git("init -q -b main " + init_args);
  }
  ~TempRepo() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  TempRepo(const TempRepo&) = delete;
  TempRepo& operator=(const TempRepo&) = delete;

  const std::string& dir() const { return dir_; }

  // Runs `git <args>` in the repository and returns its trimmed stdout.
  std::string Git(const std::string& args) const {
    const std::string cmd =
        "cd '" + dir_ + "' && GIT_CONFIG_NOSYSTEM=1 HOME='" + dir_ +
        "' GIT_AUTHOR_NAME=Author GIT_AUTHOR_EMAIL=a@example.com GIT_COMMITTER_NAME=C "
        "GIT_COMMITTER_EMAIL=c@example.com GIT_AUTHOR_DATE=2024-01-02T03:04:05Z "
        "GIT_COMMITTER_DATE=2024-01-02T03:04:05Z git " +
        args + " 2>/dev/null";
    std::string out;
    if (FILE* p = popen(cmd.c_str(), "r")) {
      char buf[4096];
      for (size_t n; (n = fread(buf, 1, sizeof(buf), p)) > 0;) out.append(buf, n);
      EXPECT_EQ(pclose(p), 0) << cmd;
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
  }

  void Write(const std::string& rel, const std::string& content) const {
    const std::filesystem::path path = std::filesystem::path(dir_) / rel;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
  }

  // Stages everything and commits; returns the commit id.
  git::Oid Commit(const std::string& message) const {
    Git("add -A");
    Git("commit -q --allow-empty -m '" + message + "'");
    return Id("HEAD");
  }

  git::Oid Id(const std::string& rev) const { return *git::Oid::FromHex(Git("rev-parse " + rev)); }

 private:
  std::string dir_;
};

}  // namespace ks::testing
