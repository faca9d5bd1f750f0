// `keysweep install-hook` and `keysweep uninstall-hook`: the pre-commit and commit-msg hooks.
//
// The installer writes into the directory git really uses (core.hooksPath or the common git
// directory), never overwrites a hook it did not write (the old one is kept beside ours as
// NAME.keysweep-prev and runs first), and is idempotent. Uninstalling restores what was there.
//
// A user's hook is never lost: whatever was at NAME (a file, a symbolic link, even a dangling
// one, executable or not) is renamed, never copied or rewritten, so it comes back byte for byte
// with its mode. keysweep's own hook carries a checksum of its text; once the user edits it,
// neither a re-install nor an uninstall touches it, they say so and exit 2.
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "builtin/builtin.h"
#include "cli/command_run.h"
#include "cli/commands.h"
#include "git/hooks_dir.h"
#include "git/repository.h"
#include "report/text_reporter.h"
#include "util/file.h"
#include "util/sha256.h"

namespace ks::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kMarker = "keysweep-hook v1";
constexpr std::string_view kChecksumPrefix = "# keysweep-hook-sha256 ";
constexpr std::array<std::string_view, 2> kHooks = {"pre-commit", "commit-msg"};

// What is at a hook's path.
enum class HookState {
  kAbsent,      // nothing, not even a dangling symbolic link
  kOurs,        // keysweep's hook exactly as written
  kOursEdited,  // keysweep's hook, changed since
  kForeign,     // anything else: the user's file or symbolic link, a directory...
};

// Where the checksum line is, and the text without it (what the checksum covers).
struct ChecksumLine {
  std::string value;     // hex digits, as written
  std::string stripped;  // the hook's text minus that line
};

std::optional<ChecksumLine> FindChecksumLine(const std::string& text) {
  const size_t at = text.find(fmt::format("\n{}", kChecksumPrefix));
  if (at == std::string::npos) return std::nullopt;
  const size_t begin = at + 1, end = text.find('\n', begin);
  if (end == std::string::npos) return std::nullopt;
  ChecksumLine line;
  const std::string rest =
      text.substr(begin + kChecksumPrefix.size(), end - begin - kChecksumPrefix.size());
  line.value = rest.substr(0, rest.find_first_of(": "));
  line.stripped.assign(text, 0, begin);
  line.stripped.append(text, end + 1);
  return line;
}

// A path for a message: core.hooksPath comes from the repository's configuration, which may
// hold escape sequences meant for the terminal.
std::string Shown(const fs::path& p) { return TerminalSafe(p.string()); }

// True when anything is at `p`, a dangling symbolic link included (fs::exists follows links).
bool Present(const fs::path& p) {
  std::error_code ec;
  return fs::exists(fs::symlink_status(p, ec));
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

// The installed script without its checksum line: chain the previous hook, default KEYSWEEP
// to the binary `quoted_self` (shell-quoted), then the hook body shipped in hooks/NAME
// (embedded at build time). Earlier keysweep builds installed exactly this.
std::string UncheckedScript(std::string_view name, std::string_view quoted_self) {
  std::string body(builtin::DataFile(name));
  body = body.substr(body.find('\n') + 1);  // drop the shebang; ours comes first
  return fmt::format(
      "#!/bin/sh\n# {} ({}): installed by `keysweep install-hook`; remove with "
      "`keysweep uninstall-hook`.\n# A hook that was here before is kept as $0.keysweep-prev "
      "and runs first.\nif [ -x \"$0.keysweep-prev\" ]; then \"$0.keysweep-prev\" \"$@\" || exit "
      "$?; fi\nif [ -z \"${{KEYSWEEP:-}}\" ] && [ -x {} ]; then KEYSWEEP={}; export KEYSWEEP; "
      "fi\n{}",
      kMarker, name, quoted_self, quoted_self, body);
}

// The shell-quoted binary an UncheckedScript() text names, or "" when there is none.
std::string_view QuotedSelfIn(std::string_view text) {
  constexpr std::string_view kBefore = "] && [ -x ", kAfter = " ]; then KEYSWEEP=";
  const size_t begin = text.find(kBefore);
  if (begin == std::string_view::npos) return {};
  const size_t end = text.find(kAfter, begin);
  if (end == std::string_view::npos) return {};
  return text.substr(begin + kBefore.size(), end - begin - kBefore.size());
}

// The installed script: UncheckedScript() with, third, a line holding its checksum, so that
// a later run can tell keysweep's text from the user's edits whichever build installed it.
std::string HookScript(std::string_view name) {
  const std::string text = UncheckedScript(name, ShellQuote(SelfPath()));
  const size_t third_line = text.find('\n', text.find('\n') + 1) + 1;
  return fmt::format(
      "{}{}{}: once this file is edited, keysweep never overwrites or removes it\n{}",
      std::string_view(text).substr(0, third_line), kChecksumPrefix, Sha256Hex(text),
      std::string_view(text).substr(third_line));
}

HookState Inspect(const fs::path& p, std::string_view name) {
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(p, ec);
  if (ec || !fs::exists(st)) return HookState::kAbsent;
  // keysweep only ever writes regular files: a link is the user's, whatever it points at.
  std::string text;
  if (!fs::is_regular_file(st) || !ReadFileToString(p.string(), &text) ||
      text.find(kMarker) == std::string::npos) {
    return HookState::kForeign;
  }
  const auto line = FindChecksumLine(text);
  if (!line) {  // an earlier build's hook carries no checksum: ours if it is what it wrote
    const bool as_written = text == UncheckedScript(name, QuotedSelfIn(text));
    return as_written ? HookState::kOurs : HookState::kOursEdited;
  }
  return line->value == Sha256Hex(line->stripped) ? HookState::kOurs : HookState::kOursEdited;
}

Status WriteExecutable(const fs::path& p, const std::string& text) {
  const fs::path tmp = p.string() + ".keysweep-tmp";
  std::error_code ec;
  fs::remove(tmp, ec);  // a leftover of an interrupted install
  {
    std::ofstream out(tmp, std::ios::binary);
    out << text;
    out.close();
    if (!out) {
      fs::remove(tmp, ec);
      return MakeError(ErrorKind::kInput, fmt::format("{}: cannot write the hook", Shown(tmp)));
    }
  }
  if (::chmod(tmp.c_str(), 0755) != 0 || ::rename(tmp.c_str(), p.c_str()) != 0) {
    fs::remove(tmp, ec);
    return MakeError(ErrorKind::kInput, fmt::format("{}: cannot write the hook", Shown(p)));
  }
  return {};
}

Error Edited(const fs::path& hook, std::string_view what) {
  return MakeError(ErrorKind::kInput,
                   fmt::format("{} is keysweep's hook with changes made after it was installed; "
                               "{} it would lose them, so it is left as it is: merge by hand, or "
                               "move it away and run the command again",
                               Shown(hook), what));
}

Status KeepForeign(const fs::path& hook, const fs::path& prev, std::string_view name) {
  if (Present(prev)) {
    return MakeError(ErrorKind::kInput, fmt::format("{} exists and so does {}: resolve by hand",
                                                    Shown(hook), Shown(prev)));
  }
  std::error_code ec;
  fs::rename(hook, prev, ec);  // renames a symbolic link itself, not what it points at
  if (ec) return MakeError(ErrorKind::kInput, fmt::format("{}: {}", Shown(hook), ec.message()));
  std::cerr << fmt::format("keysweep: kept the existing {} hook as {}; it runs first\n", name,
                           Shown(prev.filename()));
  return {};
}

Status InstallOne(const fs::path& dir, std::string_view name) {
  const fs::path hook = dir / name, prev = dir / (std::string(name) + ".keysweep-prev");
  const std::string script = HookScript(name);
  switch (Inspect(hook, name)) {
    case HookState::kOursEdited:
      return Edited(hook, "installing over it");
    case HookState::kForeign:
      if (Status s = KeepForeign(hook, prev, name); !s) return s;
      break;
    case HookState::kOurs: {
      std::string current;
      if (ReadFileToString(hook.string(), &current) && current == script) {
        std::cout << fmt::format("{} is already installed\n", Shown(hook));
        return {};
      }
      break;  // an older keysweep's, or one that names another binary: replaced
    }
    case HookState::kAbsent:
      break;
  }
  if (Status s = WriteExecutable(hook, script); !s) return s;
  std::cout << fmt::format("installed {}\n", Shown(hook));
  return {};
}

// Puts the user's earlier hook back in place.
Status Restore(const fs::path& prev, const fs::path& hook) {
  std::error_code ec;
  fs::rename(prev, hook, ec);
  if (ec) return MakeError(ErrorKind::kInput, fmt::format("{}: {}", Shown(prev), ec.message()));
  std::cout << fmt::format("restored {}\n", Shown(hook));
  return {};
}

Status UninstallOne(const fs::path& dir, std::string_view name) {
  const fs::path hook = dir / name, prev = dir / (std::string(name) + ".keysweep-prev");
  switch (Inspect(hook, name)) {
    case HookState::kOursEdited:
      return Edited(hook, "removing it");
    case HookState::kAbsent:
      // keysweep's hook was deleted by hand; the one it had kept aside is still the user's.
      if (Present(prev)) return Restore(prev, hook);
      std::cout << fmt::format("no keysweep {} hook in {}\n", name, Shown(dir));
      return {};
    case HookState::kForeign:
      std::cout << fmt::format("no keysweep {} hook in {}\n", name, Shown(dir));
      if (Present(prev)) {
        std::cerr << fmt::format("keysweep: left {} in place: {} is not keysweep's hook\n",
                                 Shown(prev), Shown(hook));
      }
      return {};
    case HookState::kOurs:
      break;
  }
  std::error_code ec;
  fs::remove(hook, ec);
  if (ec) return MakeError(ErrorKind::kInput, fmt::format("{}: {}", Shown(hook), ec.message()));
  std::cout << fmt::format("removed {}\n", Shown(hook));
  return Present(prev) ? Restore(prev, hook) : Status();
}

// Each hook is handled even when the other fails, so one edited hook does not block the other.
int RunHooks(const std::string& repo_dir, bool install) {
  auto repo = git::Repository::Discover(repo_dir);
  if (!repo.ok()) return ReportError(repo.error());
  auto dir = git::HooksDirectory(repo.value());
  if (!dir.ok()) return ReportError(dir.error());
  std::error_code ec;
  fs::create_directories(dir.value(), ec);
  if (ec) return ReportError(MakeError(ErrorKind::kInput, dir.value() + ": " + ec.message()));
  int exit_code = kExitClean;
  for (std::string_view name : kHooks) {
    const Status s = install ? InstallOne(dir.value(), name) : UninstallOne(dir.value(), name);
    if (!s) exit_code = ReportError(s.error());
  }
  return exit_code;
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
