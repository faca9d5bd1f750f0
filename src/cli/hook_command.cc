// `keysweep install-hook` and `keysweep uninstall-hook`: the command line of hooks/installer.h.
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/command_run.h"
#include "cli/commands.h"
#include "hooks/installer.h"

namespace ks::cli {
namespace {

namespace fs = std::filesystem;

// The binary the hooks default to: this one.
std::string SelfPath() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : self.string();
}

// What was done to keysweep's own hooks is the command's output; what was done to (or left of)
// the user's hooks is a notice, on stderr like keysweep's other notices.
std::ostream& StreamFor(hooks::Step step) {
  const bool users_hook = step == hooks::Step::kKeptPrevious || step == hooks::Step::kPreviousLeft;
  return users_hook ? std::cerr : std::cout;
}

// Each hook's lines, then its error; the exit code is an error's when any hook had one.
int PrintReport(const Result<hooks::Report>& report) {
  if (!report.ok()) return ReportError(report.error());
  int exit_code = kExitClean;
  for (const hooks::HookReport& r : report->hooks) {
    for (hooks::Step step : r.steps) StreamFor(step) << hooks::StepMessage(*report, r, step);
    if (!r.status) exit_code = ReportError(r.status.error());
  }
  return exit_code;
}

int RunHooks(const std::string& repo_dir, bool install) {
  return PrintReport(install ? hooks::Install(repo_dir, SelfPath()) : hooks::Uninstall(repo_dir));
}

}  // namespace

void AddHookCommands(CLI::App& app, GlobalOptions& /*opts*/, int* exit_code) {
  auto repo = std::make_shared<std::string>(".");
  CLI::App* install = app.add_subcommand(
      "install-hook",
      "Install the pre-commit and commit-msg hooks (chains existing hooks)\n"
      "\n"
      "Writes pre-commit (runs `keysweep staged`) and commit-msg (scans the message) into the "
      "directory git uses for hooks: core.hooksPath, or the common git directory of a linked "
      "worktree. A hook already there is kept as NAME.keysweep-prev and runs first; installing "
      "twice changes nothing. The hooks run keysweep from PATH, or the binary that the KEYSWEEP "
      "environment variable names.");
  install->add_option("--repo", *repo, "Repository (default: the current directory)");
  install->footer(
      "EXAMPLES\n"
      "  keysweep install-hook\n"
      "  keysweep install-hook --repo ~/src/app\n"
      "  git commit --no-verify    (skip the hooks once, after checking a false positive)");
  install->callback([repo, exit_code] { *exit_code = RunHooks(*repo, true); });
  CLI::App* uninstall = app.add_subcommand(
      "uninstall-hook",
      "Remove keysweep's hooks, restoring any earlier ones\n"
      "\n"
      "Removes the hooks install-hook wrote and puts back the NAME.keysweep-prev hooks it kept "
      "aside. A hook keysweep did not write, or one of its hooks edited since, is left as it "
      "is.");
  uninstall->add_option("--repo", *repo, "Repository (default: the current directory)");
  uninstall->footer(
      "EXAMPLES\n"
      "  keysweep uninstall-hook\n"
      "  keysweep uninstall-hook --repo ~/src/app");
  uninstall->callback([repo, exit_code] { *exit_code = RunHooks(*repo, false); });
}

}  // namespace ks::cli
