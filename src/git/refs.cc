#include "git/refs.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "git/handles.h"

namespace ks::git {
namespace {

// "reference NAME", and the object it names when it names one directly: libgit2's message for
// an unreadable target ("cannot be peeled") does not say which object is missing or damaged.
std::string DescribeReference(git_reference* ref) {
  const git_oid* target = git_reference_target(ref);
  if (target == nullptr) return fmt::format("reference {}", git_reference_name(ref));
  return fmt::format("reference {} (object {})", git_reference_name(ref), FromGit(*target).Hex());
}

Oid TargetOf(git_reference* ref) {
  const git_oid* target = git_reference_target(ref);
  return target == nullptr ? Oid{} : FromGit(*target);
}

std::optional<git_object_t> HeaderType(git_repository* repo, const git_oid& id) {
  git_odb* raw_odb = nullptr;
  if (git_repository_odb(&raw_odb, repo) != 0) return std::nullopt;
  const OdbHandle odb(raw_odb);
  size_t size = 0;
  git_object_t type = GIT_OBJECT_INVALID;
  if (git_odb_read_header(&size, &type, odb.get(), &id) != 0) return std::nullopt;
  return type;
}

// Annotated tags that name tags: git makes such chains a few links long at most, and a longer one
// is a forged object, as is a chain that comes back to itself (libgit2's own peel then never
// returns).
constexpr size_t kMaxTagChain = 64;

// What the object `id` is once annotated tags are peeled off: its id and type. Only tags are
// parsed: the header says what anything else is, and parsing a commit would inflate it whole
// (a hostile one holds a gigabyte, see git/commit.h).
Result<std::pair<Oid, git_object_t>> PeelTags(git_repository* repo, Oid id) {
  std::vector<Oid> chain;
  for (;;) {
    git_object* raw = nullptr;
    const git_oid gid = ToGit(id);
    if (auto type = HeaderType(repo, gid); type && *type != GIT_OBJECT_TAG) {
      return std::pair{id, *type};
    }
    if (git_object_lookup(&raw, repo, &gid, GIT_OBJECT_ANY) != 0) {
      return LastError(fmt::format("object {}", id.Hex()));
    }
    ObjectHandle obj(raw);
    if (git_object_type(obj.get()) != GIT_OBJECT_TAG)
      return std::pair{id, git_object_type(obj.get())};
    if (std::find(chain.begin(), chain.end(), id) != chain.end() || chain.size() >= kMaxTagChain) {
      return MakeError(ErrorKind::kRepository,
                       fmt::format("cycle at {}: a chain of tags that never ends", id.Hex()));
    }
    chain.push_back(id);
    id = FromGit(*git_tag_target_id(reinterpret_cast<git_tag*>(obj.get())));
  }
}

// Peels annotated tags until something else; a reference to a missing object fails here.
Result<Tip> Peel(git_reference* ref) {
  git_reference* resolved_raw = nullptr;
  if (git_reference_resolve(&resolved_raw, ref) != 0) return LastError(DescribeReference(ref));
  ReferenceHandle resolved(resolved_raw);
  auto peeled = PeelTags(git_reference_owner(ref), TargetOf(resolved.get()));
  if (!peeled.ok()) {
    return MakeError(ErrorKind::kRepository,
                     fmt::format("{}: {}", DescribeReference(ref), peeled.error().message));
  }
  return Tip{peeled->first, FromGitType(peeled->second), TargetOf(ref)};
}

const Tip* Remembered(std::span<const Tip> peeled, const Oid& target) {
  if (target == Oid{}) return nullptr;
  const auto it = std::lower_bound(peeled.begin(), peeled.end(), target,
                                   [](const Tip& t, const Oid& id) { return t.ref_target < id; });
  return it != peeled.end() && it->ref_target == target ? &*it : nullptr;
}

void AddPeeled(git_reference* ref, std::span<const Tip> peeled, std::vector<Tip>* tips,
               Diagnostics* diag) {
  if (const Tip* known = Remembered(peeled, TargetOf(ref))) return tips->push_back(*known);
  auto tip = Peel(ref);
  if (!tip.ok()) return diag->Error(tip.error().message);
  if (tip->type != ObjectType::kOther) tips->push_back(*tip);
}

}  // namespace

std::vector<Tip> AllTips(const Repository& repo, Diagnostics* diag, std::span<const Tip> peeled) {
  std::vector<Tip> tips;
  git_reference_iterator* raw_it = nullptr;
  if (git_reference_iterator_new(&raw_it, Raw(repo)) != 0) {
    diag->Error(LastError("cannot list references").message);
    return tips;
  }
  ReferenceIteratorHandle it(raw_it);
  git_reference* raw_ref = nullptr;
  int rc = 0;
  std::unordered_set<std::string> listed;
  while ((rc = git_reference_next(&raw_ref, it.get())) == 0) {
    ReferenceHandle ref(raw_ref);
    listed.insert(git_reference_name(ref.get()));
    AddPeeled(ref.get(), peeled, &tips, diag);
  }
  if (rc != GIT_ITEROVER) diag->Error(LastError("cannot list references").message);
  git_reference* head = nullptr;
  if (git_repository_head(&head, Raw(repo)) == 0) {
    ReferenceHandle ref(head);
    // HEAD resolves to the branch it is on, already peeled above (and its error reported);
    // only a detached HEAD ("HEAD") adds a tip.
    if (!listed.contains(git_reference_name(ref.get()))) AddPeeled(ref.get(), peeled, &tips, diag);
  }
  return tips;
}

bool HasReferences(const Repository& repo) {
  git_reference_iterator* raw_it = nullptr;
  if (git_reference_iterator_new(&raw_it, Raw(repo)) != 0) return true;  // unknown: say yes
  ReferenceIteratorHandle it(raw_it);
  git_reference* raw_ref = nullptr;
  const int rc = git_reference_next(&raw_ref, it.get());
  ReferenceHandle ref(raw_ref);
  return rc != GIT_ITEROVER;
}

std::vector<Tip> Peelings(std::vector<Tip> tips) {
  std::erase_if(tips, [](const Tip& t) { return t.ref_target == Oid{}; });
  std::sort(tips.begin(), tips.end(),
            [](const Tip& a, const Tip& b) { return a.ref_target < b.ref_target; });
  auto same = [](const Tip& a, const Tip& b) { return a.ref_target == b.ref_target; };
  tips.erase(std::unique(tips.begin(), tips.end(), same), tips.end());
  return tips;
}

namespace {

// A full id or a reference name is resolved without parsing the object it names (git_revparse
// would, whole); other revision syntax (HEAD~2, v1^{commit}) goes through git_revparse.
Result<Oid> RevisionTarget(const Repository& repo, const std::string& revision) {
  if (auto id = Oid::FromHex(revision); id && revision.size() == 2 * Oid::kSize) {
    if (HeaderType(Raw(repo), ToGit(*id))) return *id;  // else revparse says it is unknown
  }
  git_reference* raw_ref = nullptr;
  if (git_reference_dwim(&raw_ref, Raw(repo), revision.c_str()) == 0) {
    const ReferenceHandle ref(raw_ref);
    git_reference* raw_resolved = nullptr;
    if (git_reference_resolve(&raw_resolved, ref.get()) == 0) {
      const ReferenceHandle resolved(raw_resolved);
      return TargetOf(resolved.get());
    }
  }
  git_object* raw = nullptr;
  if (git_revparse_single(&raw, Raw(repo), revision.c_str()) != 0) {
    return LastError(fmt::format("unknown revision '{}'", revision));
  }
  const ObjectHandle obj(raw);
  return FromGit(*git_object_id(obj.get()));
}

}  // namespace

Result<Oid> ResolveCommit(const Repository& repo, const std::string& revision) {
  auto target = RevisionTarget(repo, revision);
  if (!target.ok()) return target.error();
  auto peeled = PeelTags(Raw(repo), *target);
  if (!peeled.ok()) {
    return MakeError(ErrorKind::kRepository,
                     fmt::format("revision '{}': {}", revision, peeled.error().message));
  }
  if (peeled->second != GIT_OBJECT_COMMIT) {
    return MakeError(ErrorKind::kRepository,
                     fmt::format("revision '{}' does not name a commit", revision));
  }
  return peeled->first;
}

}  // namespace ks::git
