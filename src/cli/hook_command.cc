// `keysweep install-hook` and `keysweep uninstall-hook`: the pre-commit and commit-msg hooks.
//
// The installer writes into the directory git really uses (core.hooksPath or the common git
// directory), never overwrites a hook it did not write (the old one is kept beside ours as
// NAME.keysweep-prev and runs first), and is idempotent. Uninstalling restores what was there.
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "builtin/builtin.h"
#include "cli/commands.h"
#include "cli/run.h"
#include "git/hooks_dir.h"
#include "git/repository.h"
#include "util/file.h"

namespace ks::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kMarker = "keysweep-hook v1";
constexpr std::array<std::string_view, 2> kHooks = {"pre-commit", "commit-msg"};

bool IsOurs(const fs::path& p) {
  std::string text;
  return ReadFileToString(p.string(), &text) && text.find(kMarker) != std::string::npos;
}

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string SelfPath() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : self.string();
}

// The installed script: chain the previous hook, default KEYSWEEP to this binary, then the
// hook body shipped in hooks/NAME (embedded at build time).
std::string HookScript(std::string_view name) {
  std::string body(builtin::DataFile(name));
  body = body.substr(body.find('\n') + 1);  // drop the shebang; ours comes first
  const std::string self = SelfPath();
  return fmt::format(
      "#!/bin/sh\n# {} ({}): installed by `keysweep install-hook`; remove with "
      "`keysweep uninstall-hook`.\n# A hook that was here before is kept as $0.keysweep-prev "
      "and runs first.\nif [ -x \"$0.keysweep-prev\" ]; then \"$0.keysweep-prev\" \"$@\" || exit "
      "$?; fi\nif [ -z \"${{KEYSWEEP:-}}\" ] && [ -x {} ]; then KEYSWEEP={}; export KEYSWEEP; "
      "fi\n{}",
      kMarker, name, ShellQuote(self), ShellQuote(self), body);
}

Status WriteExecutable(const fs::path& p, const std::string& text) {
  const fs::path tmp = p.string() + ".keysweep-tmp";
  std::ofstream(tmp, std::ios::binary) << text;
  if (::chmod(tmp.c_str(), 0755) != 0 || ::rename(tmp.c_str(), p.c_str()) != 0) {
    return MakeError(ErrorKind::kInput, fmt::format("{}: cannot write the hook", p.string()));
  }
  return {};
}

Status InstallOne(const fs::path& dir, std::string_view name) {
  const fs::path hook = dir / name, prev = dir / (std::string(name) + ".keysweep-prev");
  std::error_code ec;
  if (fs::exists(hook, ec) && !IsOurs(hook)) {
    if (fs::exists(prev, ec)) {
      return MakeError(ErrorKind::kInput, fmt::format("{} exists and so does {}: resolve by hand",
                                                      hook.string(), prev.string()));
    }
    fs::rename(hook, prev, ec);
    if (ec) return MakeError(ErrorKind::kInput, fmt::format("{}: {}", hook.string(), ec.message()));
    std::cerr << fmt::format("keysweep: kept the existing {} hook as {}; it runs first\n", name,
                             prev.filename().string());
  }
  if (Status s = WriteExecutable(hook, HookScript(name)); !s) return s;
  std::cout << fmt::format("installed {}\n", hook.string());
  return {};
}

Status UninstallOne(const fs::path& dir, std::string_view name) {
  const fs::path hook = dir / name, prev = dir / (std::string(name) + ".keysweep-prev");
  std::error_code ec;
  if (!fs::exists(hook, ec) || !IsOurs(hook)) {
    std::cout << fmt::format("no keysweep {} hook in {}\n", name, dir.string());
    return {};
  }
  fs::remove(hook, ec);
  if (!ec && fs::exists(prev)) fs::rename(prev, hook, ec);
  if (ec) return MakeError(ErrorKind::kInput, fmt::format("{}: {}", hook.string(), ec.message()));
  std::cout << fmt::format("removed {}\n", hook.string());
  return {};
}

int RunHooks(const std::string& repo_dir, bool install) {
  auto repo = git::Repository::Discover(repo_dir);
  if (!repo.ok()) return ReportError(repo.error());
  auto dir = git::HooksDirectory(repo.value());
  if (!dir.ok()) return ReportError(dir.error());
  std::error_code ec;
  fs::create_directories(dir.value(), ec);
  if (ec) return ReportError(MakeError(ErrorKind::kInput, dir.value() + ": " + ec.message()));
  for (std::string_view name : kHooks) {
    const Status s = install ? InstallOne(dir.value(), name) : UninstallOne(dir.value(), name);
    if (!s) return ReportError(s.error());
  }
  return kExitClean;
}

}  // namespace

void AddHookCommands(CLI::App& app, GlobalOptions& /*opts*/, int* exit_code) {
  auto repo = std::make_shared<std::string>(".");
  CLI::App* install = app.add_subcommand(
      "install-hook", "Install the pre-commit and commit-msg hooks (chains existing hooks)");
  install->add_option("--repo", *repo, "Repository (default: the current directory)");
  install->callback([repo, exit_code] { *exit_code = RunHooks(*repo, true); });
  CLI::App* uninstall =
      app.add_subcommand("uninstall-hook", "Remove keysweep's hooks, restoring any earlier ones");
  uninstall->add_option("--repo", *repo, "Repository (default: the current directory)");
  uninstall->callback([repo, exit_code] { *exit_code = RunHooks(*repo, false); });
}

}  // namespace ks::cli
