#include "owl/audit.h"

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
  audit.prose_lineage =
      extract_prose_lineage(audit.release.card_body, audit.release.card_body_line);
  audit.summary = summarise(audit.release, audit.matches, audit.prose_lineage);
  return audit;
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
