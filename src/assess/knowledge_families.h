// Internal to the knowledge base: the `families:` lists of
// data/knowledge/*.yaml (which licence each model family ships under).
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "owl/knowledge.h"

namespace owl {

void parse_family_rules(const std::string& file, const YAML::Node& list,
                        std::vector<FamilyLicense>& out, std::vector<Error>& errors);

void parse_family_licensors(const std::string& file, const YAML::Node& list,
                            std::vector<FamilyLicensor>& out, std::vector<Error>& errors);

// Every rule must name a licence the knowledge base has, and every licensor
// a family that has a rule.
std::vector<Error> check_family_rules(const KnowledgeBase& base);

}  // namespace owl
