// Fuzz target: git::CommitGraph on forged histories, where parent links may close cycles (a
// commit that is its own parent, A→B→A: issue #27 item 1; the ids of forged objects name
// anything).
//
// The input builds a graph in up to three rounds, as a history scan does (the walk, then the
// dangling commits of --all-objects): each round adds commits whose parents are any of 256 ids
// (added before, later, or never: outside the graph), then Link() and BreakCycles(). Checks:
// BreakCycles() cuts nothing from a graph without a cycle and something from one with a cycle,
// and names only commits of the graph; afterwards Generation() terminates for every commit and
// strictly increases along every parent link left inside the graph (no cycle remains).
#include "git/commit_graph.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <vector>

#include "fuzz_check.h"

namespace {

using ks::git::CommitGraph;
using ks::git::Oid;

Oid IdOf(uint32_t n) {
  Oid id{};
  id.bytes.fill(0x5a);
  id.bytes[0] = static_cast<uint8_t>(n);
  return id;
}

// Whether the links among commits [0, size) close a cycle (Kahn: what cannot be peeled off).
bool HasCycle(const std::vector<std::vector<uint32_t>>& parents) {
  const size_t n = parents.size();
  std::vector<uint32_t> children(n, 0);
  for (const auto& ps : parents) {
    for (uint32_t p : ps) children[p] += p < n ? 1 : 0;
  }
  std::vector<uint32_t> free;
  for (uint32_t i = 0; i < n; ++i) {
    if (children[i] == 0) free.push_back(i);
  }
  size_t removed = 0;
  while (!free.empty()) {
    const uint32_t c = free.back();
    free.pop_back();
    ++removed;
    for (uint32_t p : parents[c]) {
      if (p < n && --children[p] == 0) free.push_back(p);
    }
  }
  return removed != n;
}

void CheckGenerations(CommitGraph& graph) {
  for (uint32_t i = 0; i < graph.size(); ++i) FUZZ_CHECK(graph.Generation(graph.id(i)) >= 1);
  for (uint32_t i = 0; i < graph.size(); ++i) {
    const uint64_t mine = graph.Generation(graph.id(i));
    for (uint32_t link : graph.parents(i)) {
      if (link & CommitGraph::kOutside) {
        FUZZ_CHECK((link & ~CommitGraph::kOutside) < graph.outside().size());
        continue;
      }
      FUZZ_CHECK(link < graph.size());
      FUZZ_CHECK(graph.Generation(graph.id(link)) < mine);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider fdp(data, size);
  CommitGraph graph;
  std::vector<std::vector<uint32_t>> parents;  // by commit number = the id's first byte
  const int rounds = fdp.ConsumeIntegralInRange(1, 3);
  for (int r = 0; r < rounds && parents.size() < 256; ++r) {
    const size_t before = parents.size();
    const size_t count = fdp.ConsumeIntegralInRange<size_t>(0, 256 - before);
    for (size_t k = 0; k < count; ++k) {
      std::vector<Oid> ids;
      std::vector<uint32_t> numbers;
      const int n = fdp.ConsumeIntegralInRange(0, 4);
      for (int j = 0; j < n; ++j) {
        numbers.push_back(fdp.ConsumeIntegral<uint8_t>());
        ids.push_back(IdOf(numbers.back()));
      }
      const uint32_t index = graph.Add(IdOf(static_cast<uint32_t>(parents.size())), Oid{}, ids);
      FUZZ_CHECK(index == parents.size());
      parents.push_back(numbers);
    }
    graph.Link();
    // The links as they stand (earlier cuts included): a commit's parents among those added.
    std::vector<std::vector<uint32_t>> now(parents.size());
    for (uint32_t i = 0; i < graph.size(); ++i) {
      for (uint32_t link : graph.parents(i)) {
        if (!(link & CommitGraph::kOutside)) now[i].push_back(link);
      }
    }
    const bool cycle = HasCycle(now);
    const std::vector<Oid> cut = graph.BreakCycles();
    FUZZ_CHECK(cut.empty() == !cycle);
    for (const Oid& id : cut) FUZZ_CHECK(graph.Find(id).has_value());
  }
  CheckGenerations(graph);
  return 0;
}
