// The chain of bases a release derives from, and the terms each is under.
#include <fmt/format.h>

#include <set>

#include "assess_internal.h"
#include "owl/text.h"

namespace owl::detail {

namespace {

constexpr int kMaxDepth = 8;

std::string via(const Source& source) {
  const std::string file = ascii_lower(source.file);
  if (source.where.find("general.base_model") != std::string::npos)
    return fmt::format("{} {}", source.file, source.where);
  if (file.find("adapter_config") != std::string::npos) return "adapter config";
  if (file.find("merge") != std::string::npos) return "merge config";
  return "card base_model";
}

Confidence confidence_of(const std::string& word) {
  if (word == "high") return Confidence::kHigh;
  if (word == "low") return Confidence::kLow;
  return Confidence::kMedium;
}

bool looks_quantised(const std::string& name) {
  const std::string lower = ascii_lower(name);
  for (std::string_view marker :
       {"gguf", "gptq", "awq", "exl2", "-quant", "4bit", "8bit", "mlx", "-int4", "-int8", "bnb"})
    if (lower.find(marker) != std::string::npos) return true;
  return false;
}

// The base's terms: what the scanned release of that name concluded, else
// the licence its family publishes under.
void attach_terms(Ancestor& ancestor, const ScannedReleaseLookup& scanned,
                  std::vector<Ancestor>& further) {
  if (scanned) {
    if (const Assessment* base = scanned(ancestor.name)) {
      const Terms* strictest = nullptr;
      for (const auto& terms : base->effective)
        if (!strictest ||
            restrictiveness(terms.facts ? terms.facts->tier : Tier::kProprietaryOrUnknown) >
                restrictiveness(strictest->facts ? strictest->facts->tier
                                                 : Tier::kProprietaryOrUnknown))
          strictest = &terms;
      if (strictest) {
        ancestor.license_id = strictest->id;
        ancestor.facts = strictest->facts;
        ancestor.license_basis = fmt::format("scanned release {}", ancestor.name);
      }
      for (const auto& grand : base->lineage) {
        // Only firm links travel down a chain; a "based on" in someone
        // else's card is not evidence about this release.
        if (grand.depth + ancestor.depth > kMaxDepth || grand.confidence == Confidence::kLow ||
            grand.via == "card prose")
          continue;
        Ancestor copy = grand;
        copy.depth = grand.depth + ancestor.depth;
        further.push_back(std::move(copy));
      }
      if (strictest) return;
    }
  }
  if (!ancestor.family) return;
  const auto* rule = KnowledgeBase::builtin().family_license(
      ancestor.family->family, ancestor.family->version, ancestor.name);
  if (!rule) return;
  ancestor.license_id = rule->license;
  ancestor.facts = facts_for(rule->license);
  const std::string family =
      ancestor.family->family +
      (ancestor.family->version.empty() ? "" : " " + ancestor.family->version);
  ancestor.license_basis = fmt::format("the {} family's published licence", family);
}

// Runtimes named like model families ("converted with llama.cpp").
bool is_tool(const std::string& name) {
  const std::string lower = ascii_lower(name);
  for (std::string_view tool : {"llama.cpp", "llama-cpp", "ggml", "llamafile", "llama-factory",
                                "llama_factory", "llamafactory"})
    if (lower.rfind(tool, 0) == 0) return true;
  return false;
}

Ancestor make(std::string name, std::string relation, std::string how, Confidence confidence,
              Evidence evidence) {
  Ancestor ancestor;
  ancestor.family = resolve_family(name);
  ancestor.name = std::move(name);
  ancestor.relation = std::move(relation);
  ancestor.via = std::move(how);
  ancestor.confidence = confidence;
  ancestor.evidence = std::move(evidence);
  return ancestor;
}

}  // namespace

std::vector<Ancestor> trace_ancestors(const Release& release,
                                      const std::vector<ProseLineage>& prose,
                                      const ScannedReleaseLookup& scanned) {
  std::vector<Ancestor> direct;
  const auto known = [&](const std::string& name) {
    if (same_model(name, release.name)) return true;  // a card naming itself
    for (const auto& ancestor : direct)
      if (same_model(ancestor.name, name)) return true;
    return false;
  };
  for (const auto& base : release.base_models) {
    if (base.name.empty() || known(base.name)) continue;
    direct.push_back(make(base.name, base.relation.empty() ? "derived" : base.relation,
                          via(base.source), Confidence::kHigh,
                          evidence_at(base.source, base.name)));
  }
  for (const auto& claim : prose) {
    if (known(claim.base) || is_tool(claim.base)) continue;
    direct.push_back(make(claim.base, claim.relation, "card prose", confidence_of(claim.confidence),
                          evidence_at(Source{release.card_path, fmt::format("line {}", claim.line)},
                                      claim.sentence)));
  }
  // A quantised copy named after its model ("TheBloke/Llama-2-7B-GGUF")
  // that declares nothing still is that model.
  if (direct.empty() && looks_quantised(release.name) && resolve_family(release.name))
    direct.push_back(make(release.name, "quantized", "release name", Confidence::kMedium,
                          Evidence{Source{"", "release name"}, release.name}));

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
