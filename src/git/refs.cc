#include "git/refs.h"

#include <fmt/format.h>

#include "git/handles.h"

namespace ks::git {
namespace {

// Peels annotated tags until something else; a reference to a missing object fails here.
Result<Tip> Peel(git_reference* ref) {
  git_object* raw = nullptr;
  if (git_reference_peel(&raw, ref, GIT_OBJECT_ANY) != 0) {
    return LastError(fmt::format("reference {}", git_reference_name(ref)));
  }
  ObjectHandle obj(raw);
  return Tip{FromGit(*git_object_id(obj.get())), FromGitType(git_object_type(obj.get()))};
}

void AddPeeled(git_reference* ref, std::vector<Tip>* tips, Diagnostics* diag) {
  auto tip = Peel(ref);
  if (!tip.ok()) return diag->Error(tip.error().message);
  if (tip->type != ObjectType::kOther) tips->push_back(*tip);
}

}  // namespace

std::vector<Tip> AllTips(const Repository& repo, Diagnostics* diag) {
  std::vector<Tip> tips;
  git_reference_iterator* raw_it = nullptr;
  if (git_reference_iterator_new(&raw_it, Raw(repo)) != 0) {
    diag->Error(LastError("cannot list references").message);
    return tips;
  }
  ReferenceIteratorHandle it(raw_it);
  git_reference* raw_ref = nullptr;
  int rc = 0;
  while ((rc = git_reference_next(&raw_ref, it.get())) == 0) {
    ReferenceHandle ref(raw_ref);
    AddPeeled(ref.get(), &tips, diag);
  }
  if (rc != GIT_ITEROVER) diag->Error(LastError("cannot list references").message);
  git_reference* head = nullptr;
  if (git_repository_head(&head, Raw(repo)) == 0) {
    ReferenceHandle ref(head);
    AddPeeled(ref.get(), &tips, diag);
  }
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
