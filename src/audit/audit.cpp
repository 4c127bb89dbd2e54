#include "owl/audit.h"

#include <map>

#include "owl/text.h"

namespace owl {

ReleaseAudit audit_release(const ReleaseLocation& location, const AuditOptions& options) {
  ReleaseAudit audit;
  audit.release = read_release(location, options.read);
  const LicenseIndex& index = LicenseIndex::builtin();
  for (const auto& document : audit.release.documents) {
    const bool licence_like = document.kind == DocumentKind::kLicense ||
                              document.kind == DocumentKind::kNotice ||
                              document.kind == DocumentKind::kUsePolicy;
    if (licence_like && !document.error)
      audit.matches.push_back({document.path, index.identify(document.text)});
  }
  audit.prose_lineage = extract_prose_lineage(audit.release.card_body, audit.release.card_body_line,
                                              audit.release.name);
  audit.summary = summarise(audit.release, audit.matches, audit.prose_lineage);
  audit.assessment = assess(audit.release, audit.matches, audit.prose_lineage, options.assess);
  return audit;
}

void reassess_scanned_set(std::vector<ReleaseAudit>& audits, const AssessOptions& options) {
  if (audits.size() < 2) return;
  // Names as a derivative would write them: "org/name" or just "name".
  std::map<std::string, size_t> by_name;
  for (size_t i = 0; i < audits.size(); ++i) {
    const std::string full = ascii_lower(audits[i].release.name);
    by_name.emplace(full, i);
    by_name.emplace(full.substr(full.rfind('/') + 1), i);
  }
  // Each pass lets terms travel one more link down a chain; stop when
  // nothing changes (chains are short; the cap guards against cycles).
  for (int pass = 0; pass < 8; ++pass) {
    std::vector<Assessment> previous;
    previous.reserve(audits.size());
    for (const auto& audit : audits) previous.push_back(audit.assessment);
    AssessOptions with_set = options;
    with_set.scanned = [&](std::string_view name) -> const Assessment* {
      const std::string key = ascii_lower(name);
      auto found = by_name.find(key);
      if (found == by_name.end()) found = by_name.find(key.substr(key.rfind('/') + 1));
      return found == by_name.end() ? nullptr : &previous[found->second];
    };
    bool changed = false;
    for (auto& audit : audits) {
      // Only bases are looked up in the set: a release that names none
      // assesses the same every pass.
      if (audit.assessment.lineage.empty()) continue;
      Assessment next = assess(audit.release, audit.matches, audit.prose_lineage, with_set);
      if (next.effective_tier != audit.assessment.effective_tier ||
          next.lineage.size() != audit.assessment.lineage.size() ||
          next.effective.size() != audit.assessment.effective.size())
        changed = true;
      audit.assessment = std::move(next);
    }
    if (!changed && pass > 0) break;
  }
}

size_t audit_paths(const std::vector<std::string>& paths, const AuditOptions& options,
                   AuditSink& sink) {
  size_t failed = 0;
  for (const auto& path : paths) {
    auto locations = find_releases(path, options.find);
    if (!locations) {
      sink.on_error(locations.error());
      ++failed;
      continue;
    }
    for (const auto& location : *locations) sink.on_release(audit_release(location, options));
  }
  return failed;
}

}  // namespace owl
