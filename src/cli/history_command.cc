// `keysweep history [RANGE]`: every blob and commit message in a repository's history
// (pipeline/repository_scan.h runs it). This file turns the arguments into the scan's options.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cli/command_run.h"
#include "cli/commands.h"
#include "cli/progress.h"
#include "history/repo_list.h"
#include "history/revisions.h"
#include "pipeline/ordered_scan.h"
#include "pipeline/repository_scan.h"

namespace ks::cli {
namespace {

struct HistoryArgs {
  std::vector<std::string> repos;  // --repo, repeatable; none: "."
  std::string repos_from;          // --repos-from FILE
  std::string shard;               // --shard K/N
  std::string cache_dir;           // where clone URLs are mirrored
  std::string range;               // "A..B", or one revision
  std::string since;
  std::string branch;
  bool all_objects = false;
  size_t threads = 0;  // 0: one per hardware thread
  size_t max_provenance = 1;
  std::string state;  // --state FILE: incremental re-scans
};

Result<HistoryOptions> MakeHistoryOptions(const HistoryArgs& args) {
  HistoryOptions h;
  h.threads = WorkerThreads(args.threads);
  const RevisionArgs revisions{args.range, args.since, args.branch, args.all_objects};
  if (Status s = SelectRevisions(revisions, &h); !s) return s.error();
  return h;
}

HistoryRunOptions RunOptions(const GlobalOptions& opts, const HistoryArgs& args,
                             HistoryOptions source) {
  HistoryRunOptions r;
  r.source = std::move(source);
  r.max_provenance = args.max_provenance;
  r.state = args.state;
  r.cache_dir = args.cache_dir;
  r.progress = ProgressMaker(opts);
  return r;
}

// --state remembers a whole history, so it takes nothing that narrows one.
Status CheckStateArgs(const HistoryArgs& args, size_t repositories) {
  if (args.state.empty()) return {};
  if (repositories > 1) return MakeError(ErrorKind::kUsage, "--state takes one repository");
  if (!args.range.empty() || !args.since.empty() || !args.branch.empty() || args.all_objects) {
    return MakeError(ErrorKind::kUsage,
                     "--state re-scans a whole history; it takes no range, --since, --branch or "
                     "--all-objects");
  }
  return {};
}

int RunHistory(const GlobalOptions& opts, const HistoryArgs& args) {
  auto hopts = MakeHistoryOptions(args);
  if (!hopts.ok()) return ReportError(hopts.error());
  auto specs = RepoSpecs(args.repos, args.repos_from, args.shard);
  if (!specs.ok()) return ReportError(specs.error());
  if (Status s = CheckStateArgs(args, specs->size()); !s) return ReportError(s.error());
  auto run = CommandRun::Start(opts, HistoryConfigRoot(*specs, hopts->exclude));
  if (!run.ok()) return ReportError(run.error());
  if (specs->empty())
    (*run)->diag().Notice("no repository of the list falls in shard " + args.shard);
  Summary summary;
  summary.files = false;
  Status s = ScanRepositories((*run)->session(), *specs, RunOptions(opts, args, *hopts), &summary);
  if (!s) return ReportError(s.error());
  return (*run)->Finish(summary, /*nothing_scanned_is_error=*/false);
}

}  // namespace

void AddHistoryCommand(CLI::App& app, GlobalOptions& opts, int* exit_code) {
  auto args = std::make_shared<HistoryArgs>();
  CLI::App* cmd = app.add_subcommand(
      "history",
      "Scan every blob and commit message in a repository's history, once each\n"
      "\n"
      "Reads every blob reachable from any reference (branches, tags, remote-tracking branches, "
      "the stash, HEAD) exactly once, deduplicated by blob id, so deleted files, rewritten lines "
      "and unmerged branches are covered, and scans every commit message (reported at path "
      "commit:<id>). Each finding names the commit that introduced it, with its author and "
      "date. Only libgit2 reads the repository: no git process, hook, filter or textconv ever "
      "runs. Bare repositories, linked worktrees and shallow clones work. Several repositories "
      "(--repo repeated, --repos-from) are scanned in one run, a blob they share only once, and "
      "every finding names its repository. On a terminal, a progress line on stderr shows the "
      "commits walked, then the blobs read out of those to read, bytes, rate and time left; it "
      "is erased before the report.");
  cmd->add_option("range", args->range,
                  "Only what commits in A..B introduced (or everything reachable from one REV)");
  cmd->add_option("--repo", args->repos,
                  "A repository: any directory inside it, or a clone URL, mirrored into the "
                  "cache and fetched on later runs (repeatable; default: .)")
      ->allow_extra_args(false)  // one value per --repo: a range after it stays the range
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--repos-from", args->repos_from,
                  "Also the repositories in FILE, one path or clone URL per line");
  cmd->add_option("--shard", args->shard,
                  "Only shard K of N (K/N, 1-based) of the repository list, chosen by a hash of "
                  "each entry");
  cmd->add_option("--cache-dir", args->cache_dir,
                  "Where clone URLs are mirrored (default: $KEYSWEEP_CACHE_DIR/mirrors, else "
                  "~/.cache/keysweep/mirrors)");
  cmd->add_option("--since", args->since, "Only what commits after REV introduced");
  cmd->add_option("--branch", args->branch, "Only the history of REF instead of every ref");
  cmd->add_flag("--all-objects", args->all_objects,
                "Also every object no ref reaches (dangling commits and blobs)");
  cmd->add_option("--threads", args->threads, "Reader threads (default: one per CPU)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--state", args->state,
                  "Remember what was scanned in FILE; later runs read only new blobs and still "
                  "report every finding");
  cmd->add_option("--max-provenance", args->max_provenance,
                  "Report a secret at up to N commits that introduced it (0: all)")
      ->capture_default_str();
  cmd->footer(
      "Global options (see keysweep --help) may come before or after the command name.\n"
      "\n"
      "EXAMPLES\n"
      "  keysweep history\n"
      "  keysweep history origin/main..HEAD --format sarif -o keysweep.sarif\n"
      "  keysweep history --all-objects --verify --format json -o report.json\n"
      "  keysweep history --state ci/keysweep.state --format jsonl     (nightly)\n"
      "  keysweep history --repos-from repos.txt --shard 2/8 --format jsonl");
  cmd->callback([&opts, args, exit_code] { *exit_code = RunHistory(opts, *args); });
}

}  // namespace ks::cli
