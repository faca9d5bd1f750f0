// Unit tests for src/hooks: installing and uninstalling the hooks in real git repositories made
// with the git CLI in temporary directories, and running the installed scripts.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "hooks/installer.h"
#include "hooks/script.h"
#include "temp_dir.h"

namespace ks::hooks {
namespace {

namespace fs = std::filesystem;

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kUserHook[] = "#!/bin/sh\necho user-hook \"$@\" >>\"$KS_TEST_LOG\"\n";

// Runs `command` with sh and returns its exit status (-1 when it did not exit normally).
int Shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Single-quoted for sh (the paths here hold no quote).
std::string Quoted(const fs::path& p) {
  std::string out = p.string();
  out.insert(out.begin(), '\'');
  out.push_back('\'');
  return out;
}

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void WriteFile(const fs::path& p, const std::string& text, fs::perms mode) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
  fs::permissions(p, mode);
}

// What a directory holds: name → "link:<target>" or "<mode in octal>:<bytes>". Git's *.sample
// hooks are left out.
std::map<std::string, std::string> Snapshot(const fs::path& dir) {
  std::map<std::string, std::string> out;
  if (!fs::exists(dir)) return out;  // git made no hooks directory (no templates)
  for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.ends_with(".sample")) continue;
    if (e.is_symlink()) {
      out[name] = "link:" + fs::read_symlink(e.path()).string();
      continue;
    }
    std::ostringstream mode;
    mode << std::oct << static_cast<unsigned>(e.status().permissions());
    out[name] = mode.str() + ":" + Read(e.path());
  }
  return out;
}

// A fresh repository (`git init`) in a temporary directory, with a stand-in for the keysweep
// binary that logs how it was run, so that installed hooks can be run for real.
class HooksInstallerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(Shell("git init -q " + Quoted(repo()) + " 2>/dev/null"), 0);
    WriteFile(fake_keysweep(), "#!/bin/sh\necho keysweep \"$@\" >>\"$KS_TEST_LOG\"\n",
              fs::perms::owner_all);
  }

  fs::path repo() const { return tmp_.path() / "repo"; }
  fs::path git_hooks() const { return repo() / ".git" / "hooks"; }
  fs::path fake_keysweep() const { return tmp_.path() / "bin dir" / "it's keysweep"; }
  fs::path log() const { return tmp_.path() / "log"; }

  Report Install() const {
    return Unwrap(hooks::Install(repo().string(), fake_keysweep().string()));
  }
  Report Uninstall() const { return Unwrap(hooks::Uninstall(repo().string())); }

  // Runs an installed hook as git would (its own path as $0), without KEYSWEEP in the
  // environment; returns its exit status, and what ran is in log().
  int RunHook(const fs::path& hook, const std::string& args = "") const {
    return Shell("cd " + Quoted(repo()) + " && env -u KEYSWEEP KS_TEST_LOG=" + Quoted(log()) + " " +
                 Quoted(hook) + " " + args + " >/dev/null 2>&1");
  }

  static Report Unwrap(Result<Report> r) {
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? std::move(r).value() : Report{};
  }

 private:
  ks::testing::TempDir tmp_;
};

// Each hook's steps, by name; a hook that stopped on an error shows its message instead.
std::map<std::string, std::vector<Step>> Steps(const Report& report) {
  std::map<std::string, std::vector<Step>> out;
  for (const HookReport& h : report.hooks) {
    EXPECT_TRUE(h.status.ok()) << h.name << ": " << h.status.error().message;
    out[h.name] = h.steps;
  }
  return out;
}

TEST_F(HooksInstallerTest, FreshInstallWritesBothHooksIntoTheRepositorysHooksDirectory) {
  const Report report = Install();
  EXPECT_EQ(fs::canonical(report.dir), fs::canonical(git_hooks()));
  ASSERT_EQ(report.hooks.size(), 2u);
  EXPECT_EQ(report.hooks[0].name, "pre-commit");
  EXPECT_EQ(report.hooks[1].name, "commit-msg");
  for (const HookReport& h : report.hooks) {
    EXPECT_TRUE(h.status.ok()) << h.status.error().message;
    EXPECT_THAT(h.steps, ElementsAre(Step::kInstalled));
    EXPECT_EQ(h.hook, report.dir / h.name);
    EXPECT_EQ(h.previous, report.dir / (h.name + ".keysweep-prev"));
    EXPECT_EQ(Read(h.hook), HookScript(h.name, fake_keysweep().string()));
    EXPECT_EQ(fs::status(h.hook).permissions(), static_cast<fs::perms>(0755));
    EXPECT_EQ(InspectHook(h.hook, h.name), HookState::kOurs);
  }
  EXPECT_EQ(Snapshot(git_hooks()).size(), 2u);  // no temporary file left behind
}

TEST_F(HooksInstallerTest, InstalledHooksRunTheBinaryTheyWereInstalledWith) {
  Install();
  EXPECT_EQ(RunHook(git_hooks() / "pre-commit"), 0);
  EXPECT_EQ(RunHook(git_hooks() / "commit-msg", "MSG"), 0);
  EXPECT_EQ(Read(log()), "keysweep staged\nkeysweep -q scan MSG\n");
}

TEST_F(HooksInstallerTest, ReinstallingChangesNothingAndSaysSo) {
  Install();
  const auto before = Snapshot(git_hooks());
  const Report again = Install();
  EXPECT_THAT(Steps(again)["pre-commit"], ElementsAre(Step::kAlreadyInstalled));
  EXPECT_THAT(Steps(again)["commit-msg"], ElementsAre(Step::kAlreadyInstalled));
  EXPECT_EQ(Snapshot(git_hooks()), before);
}

TEST_F(HooksInstallerTest, InstallingFromAnotherBinaryReplacesKeysweepsOwnHook) {
  Install();
  const Report other = Unwrap(hooks::Install(repo().string(), "/opt/keysweep/bin/keysweep"));
  EXPECT_THAT(Steps(other)["pre-commit"], ElementsAre(Step::kInstalled));
  EXPECT_EQ(Read(git_hooks() / "pre-commit"),
            HookScript("pre-commit", "/opt/keysweep/bin/keysweep"));
  EXPECT_FALSE(fs::exists(git_hooks() / "pre-commit.keysweep-prev"));
}

TEST_F(HooksInstallerTest, ForeignHookIsKeptChainedAndRestoredOnUninstall) {
  const fs::path hook = git_hooks() / "pre-commit";
  WriteFile(hook, kUserHook, static_cast<fs::perms>(0750));
  const auto before = Snapshot(git_hooks());

  const Report installed = Install();
  EXPECT_THAT(Steps(installed)["pre-commit"], ElementsAre(Step::kKeptPrevious, Step::kInstalled));
  EXPECT_THAT(Steps(installed)["commit-msg"], ElementsAre(Step::kInstalled));
  EXPECT_EQ(installed.hooks[0].previous.filename(), "pre-commit.keysweep-prev");
  EXPECT_EQ(Snapshot(git_hooks())["pre-commit.keysweep-prev"], before.at("pre-commit"));

  // The user's hook runs first, with the hook's arguments, then keysweep.
  EXPECT_EQ(RunHook(hook, "A B"), 0);
  EXPECT_EQ(Read(log()), "user-hook A B\nkeysweep staged\n");

  const Report removed = Uninstall();
  EXPECT_THAT(Steps(removed)["pre-commit"], ElementsAre(Step::kRemoved, Step::kRestored));
  EXPECT_THAT(Steps(removed)["commit-msg"], ElementsAre(Step::kRemoved));
  EXPECT_EQ(Snapshot(git_hooks()), before);  // byte for byte, mode included
}

TEST_F(HooksInstallerTest, AFailingForeignHookStopsTheCommitBeforeKeysweepRuns) {
  const fs::path hook = git_hooks() / "pre-commit";
  WriteFile(hook, "#!/bin/sh\nexit 3\n", fs::perms::owner_all);
  Install();
  EXPECT_EQ(RunHook(hook), 3);
  EXPECT_FALSE(fs::exists(log()));
}

TEST_F(HooksInstallerTest, EditedKeysweepHookIsRefusedOnInstallAndUninstallAndLeftAsItIs) {
  Install();
  const fs::path hook = git_hooks() / "pre-commit";
  std::ofstream(hook, std::ios::app) << "# my own addition\n";
  EXPECT_EQ(InspectHook(hook, "pre-commit"), HookState::kOursEdited);
  const std::string edited = Snapshot(git_hooks()).at("pre-commit");

  const Report install = Install();
  ASSERT_FALSE(install.hooks[0].status.ok());
  EXPECT_EQ(install.hooks[0].status.error().kind, ErrorKind::kInput);
  EXPECT_EQ(install.hooks[0].status.error().message,
            hook.string() +
                " is keysweep's hook with changes made after it was installed; installing over it "
                "it would lose them, so it is left as it is: merge by hand, or move it away and "
                "run the command again");
  EXPECT_THAT(install.hooks[0].steps, IsEmpty());
  EXPECT_TRUE(install.hooks[1].status.ok());  // the other hook is still handled
  EXPECT_EQ(Snapshot(git_hooks()).at("pre-commit"), edited);

  const Report uninstall = hooks::Uninstall(repo().string()).value();
  ASSERT_FALSE(uninstall.hooks[0].status.ok());
  EXPECT_THAT(uninstall.hooks[0].status.error().message, HasSubstr("; removing it it would lose"));
  EXPECT_THAT(uninstall.hooks[1].steps, ElementsAre(Step::kRemoved));
  EXPECT_EQ(Snapshot(git_hooks()), (std::map<std::string, std::string>{{"pre-commit", edited}}));
}

TEST_F(HooksInstallerTest, DanglingSymbolicLinkIsKeptAsALinkAndRestored) {
  const fs::path hook = git_hooks() / "pre-commit";
  fs::create_symlink("../../shared/not-yet/pre-commit", hook);
  const auto before = Snapshot(git_hooks());
  EXPECT_EQ(InspectHook(hook, "pre-commit"), HookState::kForeign);

  EXPECT_THAT(Steps(Install())["pre-commit"], ElementsAre(Step::kKeptPrevious, Step::kInstalled));
  EXPECT_EQ(fs::read_symlink(git_hooks() / "pre-commit.keysweep-prev"),
            "../../shared/not-yet/pre-commit");
  EXPECT_FALSE(fs::is_symlink(hook));
  EXPECT_FALSE(fs::exists(repo() / "shared"));  // nothing was written through the link

  EXPECT_THAT(Steps(Uninstall())["pre-commit"], ElementsAre(Step::kRemoved, Step::kRestored));
  EXPECT_EQ(Snapshot(git_hooks()), before);
}

TEST_F(HooksInstallerTest, CoreHooksPathIsHonoured) {
  ASSERT_EQ(Shell("git -C " + Quoted(repo()) + " config core.hooksPath ci/hooks"), 0);
  const Report report = Install();
  EXPECT_EQ(report.dir, repo() / "ci" / "hooks");
  EXPECT_EQ(Snapshot(repo() / "ci" / "hooks").size(), 2u);
  EXPECT_TRUE(Snapshot(git_hooks()).empty());
  Uninstall();
  EXPECT_TRUE(Snapshot(repo() / "ci" / "hooks").empty());
}

TEST_F(HooksInstallerTest, AnEarlierBuildsHookWithoutAChecksumIsRecognised) {
  const fs::path hook = git_hooks() / "pre-commit";
  // Earlier builds wrote the same script without the third line, the checksum.
  std::string legacy = HookScript("pre-commit", fake_keysweep().string());
  const size_t third = legacy.find('\n', legacy.find('\n') + 1) + 1;
  ASSERT_EQ(legacy.compare(third, 23, "# keysweep-hook-sha256 "), 0);
  legacy.erase(third, legacy.find('\n', third) + 1 - third);
  WriteFile(hook, legacy, static_cast<fs::perms>(0755));
  EXPECT_EQ(InspectHook(hook, "pre-commit"), HookState::kOurs);

  WriteFile(hook, legacy + "# mine\n", static_cast<fs::perms>(0755));
  EXPECT_EQ(InspectHook(hook, "pre-commit"), HookState::kOursEdited);
  EXPECT_FALSE(hooks::Uninstall(repo().string())->hooks[0].status.ok());
  EXPECT_EQ(Read(hook), legacy + "# mine\n");

  // Unedited, it is keysweep's: replaced by the checksummed script, nothing kept aside.
  WriteFile(hook, legacy, static_cast<fs::perms>(0755));
  EXPECT_THAT(Steps(Install())["pre-commit"], ElementsAre(Step::kInstalled));
  EXPECT_FALSE(fs::exists(git_hooks() / "pre-commit.keysweep-prev"));
  WriteFile(hook, legacy, static_cast<fs::perms>(0755));
  EXPECT_THAT(Steps(Uninstall())["pre-commit"], ElementsAre(Step::kRemoved));
}

TEST_F(HooksInstallerTest, UninstallLeavesAHookThatReplacedOursAndTheOneKeptAside) {
  const fs::path hook = git_hooks() / "pre-commit";
  WriteFile(hook, kUserHook, fs::perms::owner_all);
  Install();
  WriteFile(hook, "#!/bin/sh\nexit 0\n", fs::perms::owner_all);  // the user's own, back in place
  const auto before = Snapshot(git_hooks());
  EXPECT_THAT(Steps(Uninstall())["pre-commit"],
              ElementsAre(Step::kNothingThere, Step::kPreviousLeft));
  EXPECT_EQ(Snapshot(git_hooks()).at("pre-commit"), before.at("pre-commit"));
  EXPECT_EQ(Snapshot(git_hooks()).at("pre-commit.keysweep-prev"),
            before.at("pre-commit.keysweep-prev"));
}

TEST_F(HooksInstallerTest, UninstallAfterOurHookWasDeletedRestoresTheKeptOne) {
  const fs::path hook = git_hooks() / "pre-commit";
  WriteFile(hook, kUserHook, fs::perms::owner_all);
  const auto before = Snapshot(git_hooks());
  Install();
  fs::remove(hook);
  fs::remove(git_hooks() / "commit-msg");
  const Report report = Uninstall();
  EXPECT_THAT(Steps(report)["pre-commit"], ElementsAre(Step::kRestored));
  EXPECT_THAT(Steps(report)["commit-msg"], ElementsAre(Step::kNothingThere));
  EXPECT_EQ(Snapshot(git_hooks()), before);
}

TEST_F(HooksInstallerTest, AForeignHookWithAKeptHookAlreadyBesideItIsLeftForTheUser) {
  WriteFile(git_hooks() / "pre-commit", kUserHook, fs::perms::owner_all);
  WriteFile(git_hooks() / "pre-commit.keysweep-prev", "#!/bin/sh\n", fs::perms::owner_all);
  const auto before = Snapshot(git_hooks());
  const Report report = Install();
  ASSERT_FALSE(report.hooks[0].status.ok());
  EXPECT_EQ(report.hooks[0].status.error().message,
            (git_hooks() / "pre-commit").string() + " exists and so does " +
                (git_hooks() / "pre-commit.keysweep-prev").string() + ": resolve by hand");
  EXPECT_EQ(Snapshot(git_hooks()).at("pre-commit"), before.at("pre-commit"));
}

TEST_F(HooksInstallerTest, PathsInErrorsAreSafeToPrint) {
  ASSERT_EQ(Shell("git -C " + Quoted(repo()) + " config core.hooksPath \"$(printf 'h\\033]0;x')\""),
            0);
  const Report report = Install();
  const fs::path hook = report.dir / "pre-commit";
  std::ofstream(hook, std::ios::app) << "# edited\n";
  const Report again = Install();
  ASSERT_FALSE(again.hooks[0].status.ok());
  EXPECT_THAT(again.hooks[0].status.error().message, HasSubstr("h\\x1b]0;x/pre-commit is"));
  EXPECT_EQ(again.hooks[0].status.error().message.find('\x1b'), std::string::npos);
}

TEST_F(HooksInstallerTest, NoRepositoryIsAnError) {
  const auto plain = repo().parent_path() / "plain";
  fs::create_directories(plain);
  EXPECT_FALSE(hooks::Install(plain.string(), "keysweep").ok());
  EXPECT_FALSE(hooks::Uninstall(plain.string()).ok());
}

}  // namespace
}  // namespace ks::hooks
