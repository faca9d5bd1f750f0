#include "git/refs.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <unordered_set>

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

// Peels annotated tags until something else; a reference to a missing object fails here.
Result<Tip> Peel(git_reference* ref) {
  git_object* raw = nullptr;
  if (git_reference_peel(&raw, ref, GIT_OBJECT_ANY) != 0) return LastError(DescribeReference(ref));
  ObjectHandle obj(raw);
  return Tip{FromGit(*git_object_id(obj.get())), FromGitType(git_object_type(obj.get())),
             TargetOf(ref)};
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

std::vector<Tip> Peelings(std::vector<Tip> tips) {
  std::erase_if(tips, [](const Tip& t) { return t.ref_target == Oid{}; });
  std::sort(tips.begin(), tips.end(),
            [](const Tip& a, const Tip& b) { return a.ref_target < b.ref_target; });
  auto same = [](const Tip& a, const Tip& b) { return a.ref_target == b.ref_target; };
  tips.erase(std::unique(tips.begin(), tips.end(), same), tips.end());
  return tips;
}

Result<Oid> ResolveCommit(const Repository& repo, const std::string& revision) {
  git_object* raw = nullptr;
  if (git_revparse_single(&raw, Raw(repo), revision.c_str()) != 0) {
    return LastError(fmt::format("unknown revision '{}'", revision));
  }
  ObjectHandle obj(raw);
  git_object* peeled_raw = nullptr;
  if (git_object_peel(&peeled_raw, obj.get(), GIT_OBJECT_COMMIT) != 0) {
    return LastError(fmt::format("revision '{}' does not name a commit", revision));
  }
  ObjectHandle peeled(peeled_raw);
  return FromGit(*git_object_id(peeled.get()));
}

}  // namespace ks::git
