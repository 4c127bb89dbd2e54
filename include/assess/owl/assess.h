// The assess stage: judgements over a Release. It never touches bytes; it
// reads only the facts the read and identify stages gathered.
//
// For now it states what could and could not be determined about a release
// (weights, declared licences, licence texts, lineage, integrity, safety),
// each statement with the evidence behind it. Tier, obligations, openness and
// conflicts build on the same shape. Thread-safe: pure functions.
#pragma once

#include <string>
#include <vector>

#include "owl/identify.h"
#include "owl/lineage.h"
#include "owl/release.h"

namespace owl {

enum class Topic { kWeights, kLicense, kLicenseText, kLineage, kDatasets, kIntegrity, kSafety };
const char* to_string(Topic topic);

struct Determination {
  Topic topic = Topic::kWeights;
  bool determined = false;  // false: owl could not tell, and says why
  std::string statement;
  std::vector<Source> evidence;
};

struct Summary {
  std::vector<Determination> items;
};

Summary summarise(const Release& release, const std::vector<DocumentMatch>& matches,
                  const std::vector<ProseLineage>& prose_lineage);

}  // namespace owl
