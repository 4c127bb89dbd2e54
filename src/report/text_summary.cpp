// `owl scan --summary`: one line per release, for a person scanning many.
// The verdict, worst conflict and deciding reason all come from the
// assessment (assess computes them; this only words them).
#include <fmt/format.h>

#include <sstream>

#include "owl/report.h"
#include "painter.h"

namespace owl {

namespace {

using detail::Painter;

std::string commercial_words(const Painter& p, CommercialUse answer) {
  const std::string text = fmt::format("commercial use: {}", to_string(answer));
  switch (answer) {
    case CommercialUse::kYes: return p.good(text);
    case CommercialUse::kWithConditions: return p.warn(text);
    default: return p.bad(text);
  }
}

std::string cite(const Citation& cite) {
  if (cite.license_id.empty()) return cite.section;
  return cite.section.empty() ? cite.license_id : cite.license_id + " " + cite.section;
}

std::string verdict_words(const Painter& p, const Assessment& a) {
  if (a.use) return detail::permission_label(p, a.use->permission);
  return fmt::format("{} · {}", to_string(a.effective_tier),
                     commercial_words(p, a.commercial.answer));
}

std::string reason_words(const Assessment& a) {
  if (!a.use) return a.commercial.reason;
  const Reason* reason = deciding_reason(*a.use);
  if (reason == nullptr && !a.use->duties.empty()) {
    // Allowed with duties: what decides it is what you must do.
    const Duty& duty = a.use->duties.front();
    std::string words = fmt::format("you must: {} [{}]", duty.action, cite(duty.cite));
    if (a.use->duties.size() > 1) words += fmt::format(" (and {} more)", a.use->duties.size() - 1);
    return words;
  }
  if (reason == nullptr) return "";
  const std::string where = cite(reason->cite);
  return where.empty() ? reason->text : fmt::format("{} [{}]", reason->text, where);
}

std::string conflict_words(const Painter& p, const std::vector<Conflict>& conflicts) {
  if (conflicts.empty()) return p.good("no conflicts");
  const Conflict& worst = conflicts.front();  // assess orders them most severe first
  const std::string text =
      fmt::format("{} conflict: {}", to_string(worst.severity), to_string(worst.kind));
  return worst.severity == Severity::kHigh ? p.bad(text) : p.warn(text);
}

}  // namespace

void print_summary_text(std::ostream& out, const ReleaseAudit& audit, const TextStyle& style) {
  const Painter p{style.color};
  const Assessment& a = audit.assessment;
  std::string line = fmt::format("{}  {} · {}", p.bold(audit.release.name), verdict_words(p, a),
                                 conflict_words(p, a.conflicts));
  const std::string reason = reason_words(a);
  if (!reason.empty()) line += " · " + p.dim(reason);
  out << detail::render_terminal(line + "\n", style.color, style.width);
}

bool use_summary(ScanLayout layout, size_t releases, bool stdout_is_terminal) {
  if (layout != ScanLayout::kAuto) return layout == ScanLayout::kSummary;
  return stdout_is_terminal && releases > kSummaryAbove;
}

void print_scan_text(std::ostream& out, const std::vector<ReleaseAudit>& audits,
                     const TextStyle& style, bool summary) {
  for (const auto& audit : audits)
    if (summary)
      print_summary_text(out, audit, style);
    else
      print_release_text(out, audit, style);
}

}  // namespace owl
