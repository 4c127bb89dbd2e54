#include "owl/audit.h"

#include <map>
#include <optional>
#include <set>
#include <utility>

#include "audit/reassess_passes.h"
#include "owl/text.h"

namespace owl {

namespace {

ReleaseAudit audit_release_unguarded(const ReleaseLocation& location, const AuditOptions& options) {
  ReleaseAudit audit;
  audit.release = read_release(location, options.read);
  const LicenseIndex& index = LicenseIndex::builtin();
  for (const auto& document : audit.release.documents) {
    const bool licence_like = document.kind == DocumentKind::kLicense ||
                              document.kind == DocumentKind::kNotice ||
                              document.kind == DocumentKind::kUsePolicy;
    if (!licence_like || document.error) continue;
    DocumentMatch match{document.path, index.identify(document.text), std::nullopt};
    // A text owl does not know exactly speaks for itself.
    if (document.kind == DocumentKind::kLicense)
      match.terms = terms_that_govern(match.identification, document.text);
    audit.matches.push_back(std::move(match));
  }
  audit.card =
      read_card_evidence(audit.release.card_body, audit.release.card_body_line, audit.release.name);
  audit.summary = summarise(audit.release, audit.matches, audit.card.lineage);
  audit.assessment = assess(audit.release, audit.matches, audit.card, options.assess);
  return audit;
}

}  // namespace

ReleaseAudit audit_release(const ReleaseLocation& location, const AuditOptions& options) {
  // The library's edge: a std::filesystem or allocation failure deep in a
  // reader must not abort a run over thousands of releases.
  try {
    return audit_release_unguarded(location, options);
  } catch (const std::exception& ex) {
    // The release as found, with none of its files: nothing in it is read.
    ReleaseLocation bare = location;
    bare.files.clear();
    bare.known_missing.clear();
    bare.problems.push_back(Error::io(
        location.root, "owl.internal-error",
        std::string("reading this release failed: ") + ex.what() + "; nothing in it was judged"));
    ReleaseAudit audit;
    audit.release = read_release(bare, options.read);
    audit.summary = summarise(audit.release, audit.matches, audit.card.lineage);
    audit.assessment = assess(audit.release, audit.matches, audit.card, options.assess);
    return audit;
  }
}

ScannedReleaseIndex::ScannedReleaseIndex(const std::vector<ReleaseAudit>& audits) {
  for (size_t i = 0; i < audits.size(); ++i) {
    const std::string full = ascii_lower(audits[i].release.name);
    by_name_.emplace(full, i);
    by_name_.emplace(full.substr(full.rfind('/') + 1), i);
  }
}

std::optional<size_t> ScannedReleaseIndex::find(std::string_view name,
                                                std::optional<size_t> self) const {
  const std::string key = ascii_lower(name);
  auto found = by_name_.find(key);
  if (found == by_name_.end()) found = by_name_.find(key.substr(key.rfind('/') + 1));
  if (found == by_name_.end() || found->second == self) return std::nullopt;
  return found->second;
}

namespace {

// What a derivative takes from its base: the terms and the chain above it.
bool lends_differently(const Assessment& a, const Assessment& b) {
  if (a.effective_tier != b.effective_tier || a.effective.size() != b.effective.size() ||
      a.lineage.size() != b.lineage.size())
    return true;
  for (size_t i = 0; i < a.effective.size(); ++i)
    if (a.effective[i].id != b.effective[i].id) return true;
  for (size_t i = 0; i < a.lineage.size(); ++i)
    if (a.lineage[i].name != b.lineage[i].name ||
        a.lineage[i].license_id != b.lineage[i].license_id ||
        a.lineage[i].license_basis != b.lineage[i].license_basis)
      return true;
  return false;
}

}  // namespace

void detail::reassess_in_passes(const std::vector<ReleaseAudit*>& audits,
                                const std::vector<std::vector<size_t>>& dependents,
                                std::set<size_t> pending, const AssessOptions& options,
                                const BaseLookup& lookup) {
  size_t assessing = audits.size();
  AssessOptions with_set = options;
  with_set.scanned = [&](std::string_view name) { return lookup(assessing, name); };
  for (int pass = 0; pass < 8 && !pending.empty(); ++pass) {
    std::vector<std::pair<size_t, Assessment>> next;
    next.reserve(pending.size());
    for (size_t j : pending) {
      assessing = j;
      const ReleaseAudit& audit = *audits[j];
      next.emplace_back(j, assess(audit.release, audit.matches, audit.card, with_set));
    }
    pending.clear();
    for (auto& [j, assessment] : next) {
      if (lends_differently(assessment, audits[j]->assessment))
        pending.insert(dependents[j].begin(), dependents[j].end());
      audits[j]->assessment = std::move(assessment);
    }
  }
}

void reassess_scanned_set(std::vector<ReleaseAudit>& audits, const AssessOptions& options) {
  if (audits.size() < 2) return;
  const ScannedReleaseIndex set(audits);
  // A release's direct bases come from its own files, so who depends on whom
  // is known up front; only the terms travel, one link down a chain a pass.
  std::vector<std::vector<size_t>> dependents(audits.size());
  std::set<size_t> pending;
  for (size_t j = 0; j < audits.size(); ++j)
    for (const auto& ancestor : audits[j].assessment.lineage)
      if (ancestor.depth == 1)
        if (const auto base = set.find(ancestor.name, j)) {
          dependents[*base].push_back(j);
          pending.insert(j);
        }
  std::vector<ReleaseAudit*> held;
  held.reserve(audits.size());
  for (auto& audit : audits) held.push_back(&audit);
  detail::reassess_in_passes(held, dependents, std::move(pending), options,
                             [&](size_t assessing, std::string_view name) -> const Assessment* {
                               const auto found = set.find(name, assessing);
                               return found ? &audits[*found].assessment : nullptr;
                             });
}

size_t audit_paths(const std::vector<std::string>& paths, const AuditOptions& options,
                   AuditSink& sink) {
  size_t failed = 0;
  for (const auto& path : paths) {
    if (is_hub_input(path)) {
      auto id = parse_hub_id(path);
      auto location =
          id ? find_hub_release(*id, options.hub) : Expected<ReleaseLocation>(id.error());
      if (location) {
        sink.on_release(audit_release(*location, options));
        continue;
      }
      sink.on_error(location.error());
      if (id) sink.on_missing_release();
      ++failed;
      continue;
    }
    FindNotices notices;
    auto walked = visit_releases(path, options.find, notices, [&](ReleaseLocation&& location) {
      sink.on_release(audit_release(location, options));
    });
    if (!walked) {
      sink.on_error(walked.error());
      ++failed;
      continue;
    }
    for (const auto& error : notices.errors) sink.on_error(error);
    for (const auto& note : notices.notes) sink.on_note(note);
  }
  return failed;
}

}  // namespace owl
