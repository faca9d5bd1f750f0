// The hook scripts keysweep writes, and how it tells its own hooks from everyone else's.
//
// An installed hook runs the hook kept aside as $0.keysweep-prev first, defaults KEYSWEEP to the
// binary that installed it, then runs the body shipped in hooks/NAME (embedded at build time).
// Its third line is a checksum of the rest, so that a later run can tell keysweep's text from
// the user's edits whichever build installed it. Earlier builds wrote the same script without
// that line; such a hook is recognised by writing the script again for the binary it names.
//
// Thread safety: no shared state; InspectHook() only reads the filesystem.
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <string_view>

namespace ks::hooks {

// The hooks keysweep installs, in the order it handles them.
inline constexpr std::array<std::string_view, 2> kHookNames = {"pre-commit", "commit-msg"};

// What is at a hook's path.
enum class HookState {
  kAbsent,      // nothing, not even a dangling symbolic link
  kOurs,        // keysweep's hook exactly as written
  kOursEdited,  // keysweep's hook, changed since
  kForeign,     // anything else: the user's file or symbolic link, a directory...
};

// The script for hook `name` (one of kHookNames) that runs `binary` unless KEYSWEEP names
// another one; `binary` may be empty when unknown (the hook then runs keysweep from PATH).
std::string HookScript(std::string_view name, std::string_view binary);

// What is at `hook`, the path of hook `name`. A symbolic link is never followed: keysweep only
// ever writes regular files, so a link is the user's whatever it points at.
HookState InspectHook(const std::filesystem::path& hook, std::string_view name);

}  // namespace ks::hooks
