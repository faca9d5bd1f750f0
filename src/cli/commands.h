// Command registration. Each Add*Command adds one CLI11 subcommand whose callback stores its
// exit code in *exit_code. A new command is one file plus one line in app.cc.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "cli/options.h"

namespace ks::cli {

void AddScanCommand(CLI::App& app, GlobalOptions& opts, int* exit_code);
void AddRulesCommand(CLI::App& app, GlobalOptions& opts, int* exit_code);
void AddHistoryCommand(CLI::App& app, GlobalOptions& opts, int* exit_code);
void AddHookCommands(CLI::App& app, GlobalOptions& opts, int* exit_code);
void AddStagedCommand(CLI::App& app, GlobalOptions& opts, int* exit_code);
void AddVerifyCommand(CLI::App& app, GlobalOptions& opts, int* exit_code);
void AddPlaybookCommand(CLI::App& app, GlobalOptions& opts, int* exit_code);
void AddBaselineCommand(CLI::App& app, GlobalOptions& opts, int* exit_code);

// `scan PATH...` with these paths and reader threads (0: one per CPU), for `baseline create`.
int RunScanPaths(const GlobalOptions& opts, const std::vector<std::string>& paths, size_t threads);

}  // namespace ks::cli
