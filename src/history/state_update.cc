#include "history/state_update.h"

#include <fmt/format.h>

#include <algorithm>

#include "git/refs.h"

namespace ks {
namespace {

// Keeps every introduction recorded for a blob, this run's shifted past the earlier ones.
void AddIntroductions(HistoryState* state, uint64_t generation_base,
                      const IntroductionsByBlob& intros) {
  for (const auto& [blob, list] : intros) {
    auto& kept = state->finding_blobs[blob];
    for (Introduction in : list) {
      in.commit.generation += generation_base;
      kept.push_back(std::move(in));
    }
  }
}

void AddMessages(HistoryState* state, HistorySource& source, uint64_t generation_base,
                 const std::vector<CommitInfo>& message_commits) {
  for (CommitInfo c : message_commits) {
    if (c.generation == 0) c.generation = source.Generation(c.id) + generation_base;
    const bool known = std::any_of(state->finding_messages.begin(), state->finding_messages.end(),
                                   [&](const CommitInfo& k) { return k.id == c.id; });
    if (!known) state->finding_messages.push_back(c);
    state->changed |= !known;
  }
}

}  // namespace

std::string StateKey(std::string_view rules_digest, bool include_examples, uint64_t max_file_size) {
  return fmt::format("rules={} examples={} max_file_size={}", rules_digest, include_examples,
                     max_file_size);
}

Result<HistoryState> StartState(const std::string& path, const std::string& key,
                                Diagnostics* diag) {
  bool older = false;
  auto state = LoadHistoryState(path, &older);
  if (!state.ok()) return state.error();
  if (older) diag->Notice(path + ": written by an older keysweep; scanning everything");
  if (state->tail.cut_short) {
    diag->Notice(path + ": its last update was cut short; what it recorded is scanned again");
  }
  if (!state->key.empty() && state->key != key) {
    diag->Notice(path + ": made with other rules or settings; scanning everything");
    *state = HistoryState{};
  }
  state->changed = state->key != key || state->tail.cut_short;  // a save drops the cut tail
  state->key = key;
  return state;
}

uint64_t NextGeneration(const HistoryState& state) {
  uint64_t max = 0;
  for (const auto& [blob, intros] : state.finding_blobs) {
    for (const Introduction& in : intros) max = std::max(max, in.commit.generation);
  }
  for (const CommitInfo& c : state.finding_messages) max = std::max(max, c.generation);
  return state.finding_blobs.empty() && state.finding_messages.empty() ? 0 : max + 1;
}

std::vector<git::KnownCommit> KnownCommits(std::vector<git::KnownCommit> tips,
                                           std::vector<git::KnownCommit> earlier) {
  tips.insert(tips.end(), earlier.begin(), earlier.end());
  std::stable_sort(tips.begin(), tips.end());
  auto same = [](const auto& a, const auto& b) { return a.id == b.id; };
  tips.erase(std::unique(tips.begin(), tips.end(), same), tips.end());
  return tips;
}

void AdvanceState(HistoryState* state, HistorySource& source, uint64_t generation_base,
                  const IntroductionsByBlob& intros,
                  const std::vector<CommitInfo>& message_commits) {
  auto commits = KnownCommits(source.CommitTips(), state->known_commits);
  auto peeled = git::Peelings(source.tips());
  state->changed |= commits != state->known_commits || peeled != state->peeled_refs ||
                    !source.scanned_blobs().empty() || !intros.empty();
  state->known_commits = std::move(commits);
  state->peeled_refs = std::move(peeled);
  state->new_blobs = source.scanned_blobs();
  AddIntroductions(state, generation_base, intros);
  AddMessages(state, source, generation_base, message_commits);
}

}  // namespace ks
