// Installing and uninstalling keysweep's git hooks (hooks/script.h), for `keysweep install-hook`
// and `keysweep uninstall-hook`.
//
// The installer writes into the directory git really uses (core.hooksPath or the common git
// directory), never overwrites a hook it did not write (the old one is kept beside ours as
// NAME.keysweep-prev and runs first), and is idempotent. Uninstalling restores what was there.
//
// A user's hook is never lost: whatever was at NAME (a file, a symbolic link, even a dangling
// one, executable or not) is renamed, never copied or rewritten, so it comes back byte for byte
// with its mode. Once the user edits keysweep's own hook, neither a re-install nor an uninstall
// touches it: that hook's report carries an Error saying so.
//
// Nothing here prints. Each hook's report lists what was done, in order, and the Error that
// stopped it; the caller words them. Error messages are ready to print: the paths in them went
// through TerminalSafe() (core.hooksPath comes from the repository, and may hold escape
// sequences meant for the terminal).
//
// Thread safety: no shared state, but two runs on one hooks directory at once race on its files
// as two git commands would.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace ks::hooks {

// One thing done to one hook.
enum class Step {
  kKeptPrevious,      // the hook that was there was renamed to HookReport::previous; runs first
  kInstalled,         // keysweep's hook was written
  kAlreadyInstalled,  // keysweep's hook was there already, exactly as it would be written
  kRemoved,           // keysweep's hook was removed
  kRestored,          // HookReport::previous was renamed back to HookReport::hook
  kNothingThere,      // uninstall: no keysweep hook there (nothing at all, or the user's own)
  kPreviousLeft,      // uninstall: HookReport::previous stays, the hook in its place is not ours
};

struct HookReport {
  std::string name;                // "pre-commit": one of kHookNames
  std::filesystem::path hook;      // <hooks directory>/<name>
  std::filesystem::path previous;  // <hook>.keysweep-prev: where the user's hook is kept
  std::vector<Step> steps;         // what was done, in order
  Status status;                   // what stopped the hook, after `steps`; ok when nothing did
};

struct Report {
  std::filesystem::path dir;      // the hooks directory, as git names it
  std::vector<HookReport> hooks;  // one per hook, in kHookNames order
};

// Installs every hook into the hooks directory of the repository at or above `repo_dir`, made
// when missing. `binary` is the keysweep the hooks run unless KEYSWEEP names another (empty when
// unknown: then keysweep from PATH). Each hook is handled even when another fails, so one edited
// hook does not block the rest. An Error only when there is no hooks directory to work in.
// The line (with its newline) that tells the user what `step` did to hook `hook` of `report`;
// paths are terminal-safe. Notices about the user's own hooks start with "keysweep: ".
std::string StepMessage(const Report& report, const HookReport& hook, Step step);

Result<Report> Install(const std::string& repo_dir, std::string_view binary);

// Removes keysweep's hooks from that directory and restores the ones kept aside; same rules.
Result<Report> Uninstall(const std::string& repo_dir);

// The same for one hook `name` (one of kHookNames) in the hooks directory `dir`.
HookReport InstallHook(const std::filesystem::path& dir, std::string_view name,
                       std::string_view binary);
HookReport UninstallHook(const std::filesystem::path& dir, std::string_view name);

}  // namespace ks::hooks
