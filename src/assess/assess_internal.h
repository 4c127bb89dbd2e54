// Internal to assess: the steps assess() runs, each in its own file.
#pragma once

#include <vector>

#include "owl/assessment.h"

namespace owl::detail {

// claims.cpp: every place the release states its licence.
std::vector<LicenseClaim> collect_claims(const Release& release,
                                         const std::vector<DocumentMatch>& matches,
                                         const CardEvidence& card);
// The release's own terms: its LICENSE text first, then card metadata, then
// weights metadata, then the card's prose.
std::vector<Terms> own_terms(const std::vector<LicenseClaim>& claims);

// ancestry.cpp: bases from structured declarations and prose, with the
// terms each is under, and their bases from the scanned set.
// With no declared or written base, a release named after a versioned
// family model ("Llama2-Chinese-13b-Chat") is taken, with low confidence, to
// derive from it; `has_own_terms` tells a family model's own release apart.
std::vector<Ancestor> trace_ancestors(const Release& release,
                                      const std::vector<ProseLineage>& prose,
                                      const ScannedReleaseLookup& scanned, bool has_own_terms);

// conflicts.cpp
// How a conflict or a reason names an artifact that can run code when
// loaded, and why a suspicious one is not safe.
struct CodeRiskWords {
  const char* noun;                // "pickle", "Keras model", "TorchScript program"
  const char* suspicious_because;  // "imports unusual callables", ...
};
CodeRiskWords code_risk_words(ArtifactFormat format);

std::vector<Conflict> find_conflicts(const Release& release, const Assessment& assessment,
                                     const std::vector<DocumentMatch>& matches);

// openness.cpp
Openness assess_openness(const Release& release, const std::vector<CardMention>& mentions,
                         const Assessment& assessment);

// text_terms.cpp: the claim a licence text owl does not know exactly makes:
// a known version recognised from its version words, or the terms read from
// the text (match.terms must be set).
void read_text_claim(const DocumentMatch& match, LicenseClaim& claim);
std::shared_ptr<LicenseFacts> facts_from_text(const DocumentMatch& match, const std::string& id,
                                              const std::string& name);

const LicenseFacts* facts_for(const std::string& id);

// The knowledge base assess() was given (AssessOptions::knowledge, else the
// built-in one). It is needed many calls deep (the licence a card sentence
// names, a family's licence, a use policy), so assess() installs it for its
// own thread for the length of the call rather than threading it through
// every helper; outside assess() it is the built-in one.
const KnowledgeBase& knowledge();
class KnowledgeScope {
 public:
  explicit KnowledgeScope(const KnowledgeBase* knowledge);
  ~KnowledgeScope();
  KnowledgeScope(const KnowledgeScope&) = delete;
  KnowledgeScope& operator=(const KnowledgeScope&) = delete;

 private:
  const KnowledgeBase* previous_;
};
Evidence evidence_at(const Source& source, std::string quote);

}  // namespace owl::detail
