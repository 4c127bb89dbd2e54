// Terminal printer for `owl scan`: one block per release, facts first, then
// what owl could and could not determine.
#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "owl/report.h"
#include "owl/units.h"
#include "painter.h"

namespace owl {

namespace {

using detail::Painter;

std::string tensor_mix(const std::map<std::string, uint64_t>& types) {
  std::string out;
  for (const auto& [type, count] : types)
    out += fmt::format("{}{}×{}", out.empty() ? "" : " ", count, type);
  return out;
}

// A GGUF's safety is its chat template's, a chat template file's its
// templates'; every other format's, its pickles'.
std::string safety_label(const Painter& p, const Artifact& artifact) {
  const std::string what =
      artifact.format == ArtifactFormat::kGguf || artifact.format == ArtifactFormat::kChatTemplate
          ? "chat template: "
          : "pickle: ";
  switch (*artifact.safety) {
    case Safety::kSafe: return p.good(what + "safe");
    case Safety::kSuspicious: return p.warn(what + "SUSPICIOUS");
    case Safety::kDangerous: return p.bad(what + "DANGEROUS");
  }
  return "";
}

void print_artifact(std::ostream& out, const Painter& p, const Artifact& artifact) {
  std::string facts =
      fmt::format("{:<17} {:>9}", to_string(artifact.format), human_bytes(artifact.size_bytes));
  if (artifact.parameter_count)
    facts += fmt::format("  {} params", human_count(*artifact.parameter_count));
  if (artifact.tensor_count) facts += fmt::format("  {} tensors", *artifact.tensor_count);
  if (!artifact.tensor_types.empty()) facts += "  " + tensor_mix(artifact.tensor_types);
  if (artifact.architecture) facts += "  arch " + *artifact.architecture;
  out << "    " << p.bold(artifact.path) << "\n      " << facts << "\n";
  if (artifact.safety) out << "      " << safety_label(p, artifact) << "\n";
  for (const auto& finding : artifact.safety_findings) out << "        " << finding << "\n";
  if (artifact.sha256)
    out << "      sha256 " << *artifact.sha256 << "\n";
  else if (artifact.recorded_sha256)
    out << "      " << p.dim("recorded sha256 " + *artifact.recorded_sha256) << "\n";
  for (const auto& note : artifact.notes) out << "      " << p.dim(note) << "\n";
  for (const auto& warning : artifact.warnings)
    out << "      " << p.warn("warning: " + warning) << "\n";
  if (artifact.error) out << "      " << p.bad("unreadable: " + artifact.error->message()) << "\n";
}

void print_match(std::ostream& out, const Painter& p, const Identification& identification) {
  const bool known = identification.verdict != Verdict::kUnknown;
  out << "      " << (known ? p.good("= ") : p.warn("? ")) << describe(identification) << "\n";
  for (const auto& modification : identification.modifications)
    out << "        " << p.warn(std::string(to_string(modification.change)) + ": ") << "\""
        << one_line(modification.evidence, 160) << "\"\n";
}

void print_declarations(std::ostream& out, const Painter& p, const Release& release) {
  out << "  " << p.bold("Licence declared") << "\n";
  if (release.licenses.empty()) out << "    " << p.warn("none") << "\n";
  for (const auto& license : release.licenses)
    out << fmt::format("    {:<13} {:<40} {}\n", to_string(license.field), license.value,
                       p.dim(license.source.describe()));
  if (!release.base_models.empty()) {
    out << "  " << p.bold("Base model declared") << "\n";
    for (const auto& base : release.base_models)
      out << fmt::format("    {:<54} {}{}\n", base.name,
                         base.relation == BaseRelation::kDerived
                             ? ""
                             : std::string(to_string(base.relation)) + "  ",
                         p.dim(base.source.describe()));
  }
  if (!release.datasets.empty()) {
    out << "  " << p.bold("Datasets declared") << "\n";
    for (const auto& dataset : release.datasets)
      out << fmt::format("    {:<54} {}\n", dataset.name, p.dim(dataset.source.describe()));
  }
  if (!release.gating.empty()) {
    out << "  " << p.bold("Access gating") << "\n";
    // A gated prompt may carry a whole licence text: one line of it at most.
    for (const auto& fact : release.gating)
      out << Painter::clip() << "    " << fact.substr(0, fact.find('\n'))
          << (fact.find('\n') == std::string::npos ? "" : " …") << "\n";
  }
}

}  // namespace

void print_release_text(std::ostream& report, const ReleaseAudit& audit, const TextStyle& style) {
  const Painter p{style.color};
  std::ostringstream out;
  const Release& release = audit.release;
  std::string where = fmt::format("{}: {}", to_string(release.layout), release.root);
  if (release.kind == ReleaseKind::kDataset) where = "dataset, " + where;
  if (release.revision) where += fmt::format(" @ {}", *release.revision);
  out << p.bold(release.name) << "  " << p.dim("(" + where + ")") << "\n";
  if (release.hub) {
    const HubRecord& hub = *release.hub;
    std::string line = fmt::format("hf://{}@{}", hub.repo, hub.commit);
    if (hub.requested) line += fmt::format(" (asked: {})", *hub.requested);
    if (hub.created_at) line += fmt::format(" · created {}", hub.created_at->substr(0, 10));
    if (hub.gated) line += fmt::format(" · gated ({})", *hub.gated);
    if (hub.is_private) line += " · private";
    if (hub.pipeline_tag) line += fmt::format(" · {}", *hub.pipeline_tag);
    out << "  " << p.bold("Hub") << " " << line << "\n";
  }
  detail::print_verdict_lines(out, audit, p);
  out << "  " << p.bold("Artifacts") << "\n";
  if (std::none_of(release.artifacts.begin(), release.artifacts.end(),
                   [](const Artifact& artifact) { return holds_weights(artifact.format); }))
    out << "    " << p.warn("no weights files") << "\n";
  for (const auto& artifact : release.artifacts) print_artifact(out, p, artifact);
  std::vector<const Document*> texts;
  for (const auto& document : release.documents)
    if (document.kind != DocumentKind::kConfig || !document.warnings.empty())
      texts.push_back(&document);
  if (!texts.empty()) {
    out << "  " << p.bold("Documents") << "\n";
    for (const auto* document : texts) {
      out << fmt::format("    {:<40} {:<15} {}\n", document->path, to_string(document->kind),
                         human_bytes(document->size_bytes));
      for (const auto& warning : document->warnings)
        out << "      " << p.warn("warning: " + warning) << "\n";
      for (const auto& match : audit.matches)
        if (match.path == document->path) print_match(out, p, match.identification);
    }
  }
  print_declarations(out, p, release);
  out << "  " << p.bold("What owl could determine") << "\n";
  for (const auto& item : audit.summary.items) {
    const std::string mark = item.determined ? p.good("✓") : p.warn("?");
    out << fmt::format("    {} {:<13} {}\n", mark, to_string(item.topic), item.statement);
  }
  for (const auto& problem : release.problems)
    out << "    " << p.bad("! " + problem.message()) << "\n";
  out << "\n";
  report << detail::render_terminal(out.str(), style.color, style.width);
}

void print_note_text(std::ostream& out, const std::string& note, const TextStyle& style) {
  const Painter p{style.color};
  out << detail::render_terminal(p.dim("note: " + note) + "\n", style.color, style.width);
}

void print_error_text(std::ostream& out, const Error& error, const TextStyle& style) {
  const Painter p{style.color};
  out << detail::render_terminal(p.bad("owl: error: ") + error.message() + "\n", style.color, 0);
}

void print_message_line(std::ostream& out, std::string_view line) {
  out << detail::render_terminal(std::string(line) + "\n", false, 0);
}

}  // namespace owl
