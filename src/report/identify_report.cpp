// Printers for `owl identify`.
#include <fmt/format.h>

#include <sstream>

#include "identification_json.h"
#include "owl/report.h"
#include "owl/units.h"
#include "owl/version.h"
#include "painter.h"

namespace owl {

void print_identification_text(std::ostream& report, const IdentifiedFile& file,
                               const TextStyle& style) {
  std::ostringstream out;
  const Identification& id = file.identification;
  out << detail::Painter{style.color}.bold(file.path) << "\n";
  out << "  " << describe(id) << "\n";
  if (!id.family.empty())
    out << fmt::format("  family {}  version {}  score {:.3f}\n", id.family,
                       id.version.empty() ? "-" : id.version, id.score);
  for (const auto& component : id.components)
    out << fmt::format(
        "  component {} {}{}\n", component.id.empty() ? component.name : component.id,
        to_string(component.quality), component.referenced_only ? " (named only)" : "");
  for (const auto& modification : id.modifications)
    out << "  " << detail::Painter{style.color}.warn(to_string(modification.change)) << ": \""
        << one_line(modification.evidence, 200) << "\"\n";
  for (const auto& difference : id.version_differences) out << "  version: " << difference << "\n";
  for (const auto& span : id.added)
    out << fmt::format("  + {} words at byte {}: \"{}\"\n", span.words, span.begin,
                       one_line(span.text, 120));
  for (const auto& span : id.removed)
    out << fmt::format("  - {} words missing at {}% of the reference, after \"{}\"\n", span.words,
                       span.entry_words ? span.entry_word_offset * 100 / span.entry_words : 0,
                       span.after);
  if (file.terms) {
    out << "  terms read from the text (not a licence owl knows exactly):\n";
    for (const auto& line : detail::terms_lines(*file.terms)) out << "    " << line << "\n";
  }
  if (id.verdict == Verdict::kUnknown || id.verdict == Verdict::kVariantOf) {
    for (size_t i = 0; i < id.candidates.size() && i < 3; ++i)
      out << fmt::format("  candidate {} ({}) {:.3f}\n", id.candidates[i].id, id.candidates[i].name,
                         id.candidates[i].score);
  }
  out << "\n";
  report << detail::render_terminal(out.str(), style.color, style.width);
}

std::string identification_json(const std::vector<IdentifiedFile>& files,
                                std::string_view index_tag) {
  std::string text;
  detail::JsonWriter json(text, 2);
  json.begin_object()
      .field("schema", "owl.identify/1")
      .field("owl_version", kVersion)
      .field("index", index_tag)
      .key("files")
      .begin_array();
  for (const auto& file : files) {
    json.begin_object().field("path", file.path);
    detail::write_identification(json.key("identification"), file.identification);
    json.key("terms");
    if (file.terms)
      detail::write_terms(json, *file.terms);
    else
      json.null();
    json.end_object();
  }
  json.end_array().end_object();
  return text;
}

}  // namespace owl
