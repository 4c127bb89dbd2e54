// The verdict card at the top of each `owl scan` block: the terms that
// govern the release, where they come from, what the user's deployment may
// do, what contradicts itself, and how open the release is.
#include <fmt/format.h>

#include <sstream>

#include "owl/report.h"
#include "painter.h"

namespace owl {

namespace {

using detail::Painter;

std::string tier_label(const Painter& p, Tier tier) {
  const std::string name(to_string(tier));
  switch (tier) {
    case Tier::kOpenPermissive:
    case Tier::kOpenCopyleft: return p.good(name);
    case Tier::kOpenWithUseRestrictions:
    case Tier::kSourceAvailableRevocable: return p.warn(name);
    default: return p.bad(name);
  }
}

std::string severity_label(const Painter& p, Severity severity) {
  switch (severity) {
    case Severity::kHigh: return p.bad("HIGH  ");
    case Severity::kMedium: return p.warn("MEDIUM");
    case Severity::kLow: return p.dim("LOW   ");
  }
  return "";
}

std::string cite(const Citation& cite) {
  if (cite.license_id.empty()) return cite.section;
  return cite.section.empty() ? cite.license_id : cite.license_id + " " + cite.section;
}

std::string terms_name(const Terms& terms) {
  if (terms.facts && terms.id.empty())
    return terms.facts->name;  // a text read, like none owl knows
  if (terms.facts) return fmt::format("{} ({})", terms.facts->name, terms.id);
  return terms.id.empty() ? "an unrecognised licence text" : terms.id + " (no facts in owl)";
}

void print_terms(std::ostream& out, const Painter& p, const Assessment& a) {
  std::string headline = tier_label(p, a.effective_tier);
  if (a.declared_tier && *a.declared_tier != a.effective_tier)
    headline += p.dim(fmt::format("  (labelled {})", to_string(*a.declared_tier)));
  out << "  " << p.bold("Verdict   ") << headline << "\n";
  if (a.effective.empty()) out << "  " << p.bold("Terms     ") << p.bad("no licence found") << "\n";
  for (size_t i = 0; i < a.effective.size(); ++i)
    out << "  " << p.bold(i == 0 ? "Terms     " : "          ") << terms_name(a.effective[i])
        << p.dim("  ← " + a.effective[i].why) << "\n";
  for (size_t i = 0; i < a.lineage.size(); ++i) {
    const auto& ancestor = a.lineage[i];
    std::string terms = ancestor.license_id.empty() ? "terms unknown" : ancestor.license_id;
    out << "  " << p.bold(i == 0 ? "Lineage   " : "          ")
        << std::string(2 * static_cast<size_t>(ancestor.depth - 1), ' ') << "↳ " << ancestor.name
        << p.dim(fmt::format("  {} · {} · {} confidence · {}", to_string(ancestor.relation),
                             ancestor.via, to_string(ancestor.confidence), terms))
        << "\n";
  }
}

void print_use(std::ostream& out, const Painter& p, const UseVerdict& use) {
  out << "  " << p.bold("For you   ") << permission_label(p, use.permission)
      << p.dim("  (" + use.profile + ")") << "\n";
  for (const auto& reason : use.reasons) {
    const std::string mark = reason.effect == Permission::kNotAllowed    ? p.bad("✗ ")
                             : reason.effect == Permission::kNeedsReview ? p.warn("? ")
                                                                         : p.good("✓ ");
    out << "    " << mark << reason.text << p.dim("  [" + cite(reason.cite) + "]") << "\n";
  }
  for (const auto& duty : use.duties)
    out << "    " << p.warn("→ ") << duty.action << p.dim("  [" + cite(duty.cite) + "]") << "\n";
}

void print_conflicts(std::ostream& out, const Painter& p, const std::vector<Conflict>& conflicts) {
  if (conflicts.empty()) {
    out << "  " << p.bold("Conflicts ") << p.good("none found") << "\n";
    return;
  }
  out << "  " << p.bold("Conflicts ") << conflicts.size() << "\n";
  for (const auto& conflict : conflicts) {
    out << "    " << severity_label(p, conflict.severity) << "  " << conflict.message
        << p.dim("  [" + std::string(to_string(conflict.kind)) + "]") << "\n";
    for (const auto& evidence : conflict.evidence) {
      const std::string where = evidence.source.describe();
      if (where.empty() && evidence.quote.empty()) continue;
      out << "            " << p.dim(where);
      if (!evidence.quote.empty())
        out << p.dim(where.empty() ? "" : ": ") << "\"" << evidence.quote << "\"";
      out << "\n";
    }
  }
}

void print_openness(std::ostream& out, const Painter& p, const Openness& openness) {
  std::string mof = openness.mof_class == 0 ? p.warn("below Class III")
                                            : p.good(fmt::format("Class {}", openness.mof_class));
  if (!openness.mof_missing.empty())
    mof += p.dim(
        fmt::format(" (missing for the next class: {})", fmt::join(openness.mof_missing, ", ")));
  out << "  " << p.bold("Openness  ") << "MOF " << mof << "; OSAID "
      << (openness.osaid_met ? p.good("met") : p.warn("not met")) << "\n";
  std::string shipped;
  for (const auto& component : openness.components)
    shipped += (component.present ? p.good("✓") : p.dim("✗")) + " " +
               to_string(component.component) + "  ";
  out << "            " << shipped << "\n";
}

}  // namespace

namespace detail {

std::string permission_label(const Painter& p, Permission permission) {
  switch (permission) {
    case Permission::kAllowed: return p.good("ALLOWED");
    case Permission::kAllowedWithDuties: return p.good("ALLOWED WITH DUTIES");
    case Permission::kNeedsReview: return p.warn("NEEDS LEGAL REVIEW");
    case Permission::kNotAllowed: return p.bad("NOT ALLOWED");
  }
  return "";
}

void print_verdict_lines(std::ostream& out, const ReleaseAudit& audit, const Painter& p) {
  const Assessment& a = audit.assessment;
  print_terms(out, p, a);
  if (a.use) print_use(out, p, *a.use);
  print_conflicts(out, p, a.conflicts);
  print_openness(out, p, a.openness);
}

}  // namespace detail

void print_verdict_text(std::ostream& out, const ReleaseAudit& audit, const TextStyle& style) {
  std::ostringstream lines;
  detail::print_verdict_lines(lines, audit, Painter{style.color});
  out << detail::render_terminal(lines.str(), style.color, style.width);
}

}  // namespace owl
