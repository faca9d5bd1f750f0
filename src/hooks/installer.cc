#include "hooks/installer.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cstdio>

#include "git/hooks_dir.h"
#include "git/repository.h"
#include "hooks/script.h"
#include "util/atomic_file.h"
#include "util/file.h"
#include "util/terminal_text.h"

namespace ks::hooks {
namespace {

namespace fs = std::filesystem;

// A path for a message: see the header on why every one is escaped.
std::string Shown(const fs::path& p) { return TerminalSafe(p.string()); }

Error InputError(std::string message) { return MakeError(ErrorKind::kInput, std::move(message)); }

// True when anything is at `p`, a dangling symbolic link included (fs::exists follows links).
bool Present(const fs::path& p) {
  std::error_code ec;
  return fs::exists(fs::symlink_status(p, ec));
}

HookReport Start(const fs::path& dir, std::string_view name) {
  HookReport r;
  r.name = std::string(name);
  r.hook = dir / name;
  r.previous = dir / (r.name + ".keysweep-prev");
  return r;
}

// Written beside the hook and renamed over it, so that git never runs half a script.
// Written beside the hook and renamed over it, so git never runs a half-written hook.
Status WriteExecutable(const fs::path& p, const std::string& text) {
  auto file = AtomicFile::Create(p.string());
  const bool written =
      file.ok() && file->Write(text) && ::fchmod(file->fd(), 0755) == 0 && file->Commit();
  if (!written) return InputError(fmt::format("{}: cannot write the hook", Shown(p)));
  return {};
}

Error Edited(const fs::path& hook, std::string_view what) {
  return InputError(fmt::format(
      "{} is keysweep's hook with changes made after it was installed; {} it would lose them, so "
      "it is left as it is: merge by hand, or move it away and run the command again",
      Shown(hook), what));
}

// Renames (never copies) so that a symbolic link stays a link and a file keeps its mode.
Status Move(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::rename(from, to, ec);  // renames a symbolic link itself, not what it points at
  if (ec) return InputError(fmt::format("{}: {}", Shown(from), ec.message()));
  return {};
}

Status KeepForeign(HookReport& r) {
  if (Present(r.previous)) {
    return InputError(
        fmt::format("{} exists and so does {}: resolve by hand", Shown(r.hook), Shown(r.previous)));
  }
  if (Status s = Move(r.hook, r.previous); !s) return s;
  r.steps.push_back(Step::kKeptPrevious);
  return {};
}

// An older keysweep's hook, or one that names another binary, is replaced: only an identical
// one counts as installed.
bool IsExactly(const fs::path& hook, const std::string& script) {
  std::string current;
  return ReadFileToString(hook.string(), &current) && current == script;
}

Status InstallSteps(HookReport& r, std::string_view binary) {
  const std::string script = HookScript(r.name, binary);
  switch (InspectHook(r.hook, r.name)) {
    case HookState::kOursEdited:
      return Edited(r.hook, "installing over it");
    case HookState::kForeign:
      if (Status s = KeepForeign(r); !s) return s;
      break;
    case HookState::kOurs:
      if (!IsExactly(r.hook, script)) break;
      r.steps.push_back(Step::kAlreadyInstalled);
      return {};
    case HookState::kAbsent:
      break;
  }
  if (Status s = WriteExecutable(r.hook, script); !s) return s;
  r.steps.push_back(Step::kInstalled);
  return {};
}

// Puts the user's earlier hook back in place.
Status Restore(HookReport& r) {
  if (Status s = Move(r.previous, r.hook); !s) return s;
  r.steps.push_back(Step::kRestored);
  return {};
}

Status Remove(HookReport& r) {
  std::error_code ec;
  fs::remove(r.hook, ec);
  if (ec) return InputError(fmt::format("{}: {}", Shown(r.hook), ec.message()));
  r.steps.push_back(Step::kRemoved);
  return Present(r.previous) ? Restore(r) : Status();
}

Status UninstallSteps(HookReport& r) {
  switch (InspectHook(r.hook, r.name)) {
    case HookState::kOursEdited:
      return Edited(r.hook, "removing it");
    case HookState::kAbsent:
      // keysweep's hook was deleted by hand; the one it had kept aside is still the user's.
      if (Present(r.previous)) return Restore(r);
      r.steps.push_back(Step::kNothingThere);
      return {};
    case HookState::kForeign:
      r.steps.push_back(Step::kNothingThere);
      if (Present(r.previous)) r.steps.push_back(Step::kPreviousLeft);
      return {};
    case HookState::kOurs:
      break;
  }
  return Remove(r);
}

// The hooks directory of the repository at or above `repo_dir`, made when missing.
Result<fs::path> HooksDirectoryOf(const std::string& repo_dir) {
  auto repo = git::Repository::Discover(repo_dir);
  if (!repo.ok()) return std::move(repo).take_error();
  auto dir = git::HooksDirectory(repo.value());
  if (!dir.ok()) return std::move(dir).take_error();
  std::error_code ec;
  fs::create_directories(dir.value(), ec);
  if (ec) return InputError(dir.value() + ": " + ec.message());
  return fs::path(dir.value());
}

template <typename PerHook>
Result<Report> ForEachHook(const std::string& repo_dir, PerHook per_hook) {
  auto dir = HooksDirectoryOf(repo_dir);
  if (!dir.ok()) return std::move(dir).take_error();
  Report report{dir.value(), {}};
  for (std::string_view name : kHookNames) report.hooks.push_back(per_hook(report.dir, name));
  return report;
}

}  // namespace

HookReport InstallHook(const fs::path& dir, std::string_view name, std::string_view binary) {
  HookReport r = Start(dir, name);
  r.status = InstallSteps(r, binary);
  return r;
}

HookReport UninstallHook(const fs::path& dir, std::string_view name) {
  HookReport r = Start(dir, name);
  r.status = UninstallSteps(r);
  return r;
}

Result<Report> Install(const std::string& repo_dir, std::string_view binary) {
  return ForEachHook(repo_dir, [binary](const fs::path& dir, std::string_view name) {
    return InstallHook(dir, name, binary);
  });
}

Result<Report> Uninstall(const std::string& repo_dir) {
  return ForEachHook(repo_dir, &UninstallHook);
}

std::string StepMessage(const Report& report, const HookReport& r, Step step) {
  switch (step) {
    case Step::kKeptPrevious:
      return fmt::format("keysweep: kept the existing {} hook as {}; it runs first\n", r.name,
                         Shown(r.previous.filename()));
    case Step::kInstalled:
      return fmt::format("installed {}\n", Shown(r.hook));
    case Step::kAlreadyInstalled:
      return fmt::format("{} is already installed\n", Shown(r.hook));
    case Step::kRemoved:
      return fmt::format("removed {}\n", Shown(r.hook));
    case Step::kRestored:
      return fmt::format("restored {}\n", Shown(r.hook));
    case Step::kNothingThere:
      return fmt::format("no keysweep {} hook in {}\n", r.name, Shown(report.dir));
    case Step::kPreviousLeft:
      return fmt::format("keysweep: left {} in place: {} is not keysweep's hook\n",
                         Shown(r.previous), Shown(r.hook));
  }
  return "";
}

}  // namespace ks::hooks
