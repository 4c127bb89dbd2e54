// The chain of bases a release derives from, and the terms each is under.
#include <fmt/format.h>

#include <optional>
#include <set>

#include "assess_internal.h"
#include "owl/name_lexicon.h"
#include "owl/text.h"

namespace owl::detail {

namespace {

constexpr int kMaxDepth = 8;

std::string via(const BaseModelDeclaration& base) {
  if (base.origin == BaseOrigin::kWeightsMetadata) return base.source.describe();
  return to_string(base.origin);
}

// The base's terms: what the scanned release of that name concluded, else
// the licence its family publishes under.
void attach_terms(Ancestor& ancestor, const ScannedReleaseLookup& scanned,
                  std::vector<Ancestor>& further) {
  if (scanned) {
    if (const Assessment* base = scanned(ancestor.name)) {
      const Terms* strictest = strictest_terms(base->effective);
      if (strictest) {
        ancestor.license_id = strictest->id;
        ancestor.facts = strictest->facts;
        ancestor.read_facts = strictest->read_facts;
        ancestor.terms_from_scan = true;
        ancestor.license_basis = fmt::format("scanned release {}", ancestor.name);
      }
      for (const auto& grand : base->lineage) {
        // Only firm links travel down a chain; a "based on" in someone
        // else's card is not evidence about this release.
        if (grand.depth + ancestor.depth > kMaxDepth || grand.confidence == Confidence::kLow ||
            grand.origin == LineageOrigin::kCardProse)
          continue;
        Ancestor copy = grand;
        copy.depth = grand.depth + ancestor.depth;
        further.push_back(std::move(copy));
      }
      if (strictest) return;
    }
  }
  if (!ancestor.family) return;
  const auto* rule = detail::knowledge().family_license(ancestor.family->family,
                                                        ancestor.family->version, ancestor.name);
  if (!rule) return;
  ancestor.license_id = rule->license;
  ancestor.facts = facts_for(rule->license);
  const std::string family =
      ancestor.family->family +
      (ancestor.family->version.empty() ? "" : " " + ancestor.family->version);
  ancestor.license_basis = fmt::format("the {} family's published licence", family);
}

// Runtimes named like model families ("converted with llama.cpp").
Ancestor make(std::string name, BaseRelation relation, std::string how, Confidence confidence,
              Evidence evidence, LineageOrigin origin) {
  Ancestor ancestor;
  ancestor.origin = origin;
  ancestor.family = resolve_family(name);
  ancestor.name = std::move(name);
  ancestor.relation = relation;
  ancestor.via = std::move(how);
  ancestor.confidence = confidence;
  ancestor.evidence = std::move(evidence);
  return ancestor;
}

// "FlagAlpha/Llama2-Chinese-13b-Chat", "selfrag/selfrag_llama2_7b": a name
// that carries a family and one of its versions names the model it was made
// from, from the family word on ("Llama2-Chinese-13b-Chat").
// - Open reproductions and models of the same architecture name the family
//   without a version ("open_llama_7b", "llama-160m"): a version is required,
//   of a family that has versions ("nomic-bert-2048" is no BERT 2048).
// - A name that starts with the family word is the family model itself
//   ("Qwen-1_8B-Chat", "Llama-2-7b-hf") unless it adds words of its own
//   ("llama-2-ko-7b"), and even then not when it states terms of its own.
// - "tiny-random-..." holds random weights.
std::optional<std::string> named_after_family(const Release& release, bool has_own_terms) {
  const std::string& full = release.name;
  const size_t slash = full.rfind('/');
  const std::string repo = slash == std::string::npos ? full : full.substr(slash + 1);
  const auto family = resolve_family(repo);
  if (!family || family->version.empty() || is_tool_name(repo) ||
      ascii_lower(repo).find("random") != std::string::npos ||
      !detail::knowledge().family_has_versions(family->family))
    return std::nullopt;
  size_t from = 0;
  for (size_t pos = 1; pos < repo.size(); ++pos) {
    if (std::string_view("-_.").find(repo[pos - 1]) == std::string_view::npos) continue;
    const auto here = resolve_family(std::string_view(repo).substr(pos));
    if (here && here->family == family->family && here->version == family->version) from = pos;
  }
  if (from == 0 && (has_own_terms || !has_words_of_its_own(repo))) return std::nullopt;
  return repo.substr(from);
}

}  // namespace

std::vector<Ancestor> trace_ancestors(const Release& release,
                                      const std::vector<ProseLineage>& prose,
                                      const ScannedReleaseLookup& scanned, bool has_own_terms) {
  std::vector<Ancestor> direct;
  const auto known = [&](const std::string& name) {
    if (same_model(name, release.name)) return true;  // a card naming itself
    for (const auto& ancestor : direct)
      if (same_model(ancestor.name, name)) return true;
    return false;
  };
  for (const auto& base : release.base_models) {
    if (base.name.empty() || known(base.name)) continue;
    direct.push_back(make(base.name, base.relation, via(base), Confidence::kHigh,
                          evidence_at(base.source, base.name), LineageOrigin::kDeclared));
  }
  for (const auto& claim : prose) {
    if (known(claim.base) || is_tool_name(claim.base)) continue;
    direct.push_back(make(
        claim.base, claim.relation, "card prose", claim.confidence,
        evidence_at(Source{release.card_path, fmt::format("line {}", claim.line)}, claim.sentence),
        LineageOrigin::kCardProse));
  }
  // A quantised copy named after its model ("TheBloke/Llama-2-7B-GGUF")
  // that declares nothing still is that model.
  if (direct.empty() && is_quantised_name(release.name) && resolve_family(release.name))
    direct.push_back(make(release.name, BaseRelation::kQuantized, "release name",
                          Confidence::kMedium, Evidence{Source{"", "release name"}, release.name},
                          LineageOrigin::kReleaseName));
  else if (direct.empty())
    if (auto named = named_after_family(release, has_own_terms))
      direct.push_back(make(std::move(*named), BaseRelation::kNamedAfter, "release name",
                            Confidence::kLow, Evidence{Source{"", "release name"}, release.name},
                            LineageOrigin::kReleaseName));

  std::vector<Ancestor> chain;
  for (auto& ancestor : direct) {
    std::vector<Ancestor> further;
    attach_terms(ancestor, scanned, further);
    chain.push_back(std::move(ancestor));
    for (auto& grand : further) chain.push_back(std::move(grand));
  }
  return chain;
}

}  // namespace owl::detail
