// Finding a knowledge-base entry from what a person types, and the
// neighbours to suggest when nothing matches (owl/knowledge.h).
#include <algorithm>
#include <cctype>

#include "owl/assessment.h"
#include "owl/identify.h"
#include "owl/knowledge.h"
#include "owl/text.h"

namespace owl {

namespace {

constexpr std::string_view kOwlPrefix = "licenseref-owl-";

// "llama" for "llama3.5", "LicenseRef-owl-llama-3.7", "Llama 9"; "cc-by-nc"
// for "cc-by-nc-5.0"; empty when the words start with a digit.
std::string family_stem(std::string_view written) {
  std::string key = ascii_lower(written);
  if (key.rfind(kOwlPrefix, 0) == 0) key.erase(0, kOwlPrefix.size());
  const size_t digit = key.find_first_of("0123456789");
  key = key.substr(0, digit);
  while (!key.empty() && std::string_view("-._ ").find(key.back()) != std::string_view::npos)
    key.pop_back();
  return key;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// The first version number in `text` ("3.5" in "llama3.5", "2.0" in
// "Apache License 2.0"), trailing ".0"s dropped so "3" and "3.0" agree.
std::string version_in(std::string_view text) {
  const size_t begin = text.find_first_of("0123456789");
  if (begin == std::string_view::npos) return "";
  size_t end = begin;
  while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) ||
                               (text[end] == '.' && end + 1 < text.size() &&
                                std::isdigit(static_cast<unsigned char>(text[end + 1])))))
    ++end;
  std::string version(text.substr(begin, end - begin));
  while (version.size() > 2 && version.ends_with(".0")) version.resize(version.size() - 2);
  return version;
}

void add_once(std::vector<std::string>& out, std::string id) {
  if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(std::move(id));
}

}  // namespace

const LicenseFacts* find_license(const KnowledgeBase& base, std::string_view written) {
  if (const LicenseFacts* facts = base.find(written)) return facts;
  const HubLicense hub = map_hub_license(written);
  if (!hub.hub_id.empty() && !hub.owl_id.empty())
    if (const LicenseFacts* facts = base.find(hub.owl_id)) return facts;
  // Words name a licence loosely ("llama 3.5" reads as some Llama): only
  // take the entry when a version the words state is the entry's own, so
  // explain never answers for a version that does not exist.
  const std::string id = license_id_for_name(written);
  const LicenseFacts* facts = id.empty() ? nullptr : base.find(id);
  if (facts == nullptr) return nullptr;
  const std::string version = version_in(written);
  if (!version.empty() && version != version_in(facts->version)) return nullptr;
  return facts;
}

std::vector<std::string> suggest_license_ids(const KnowledgeBase& base, std::string_view written,
                                             size_t limit) {
  std::vector<std::string> out;
  const std::string stem = family_stem(written);
  if (stem.size() >= 2) {
    for (const auto& hub : hub_licenses())
      if (starts_with(ascii_lower(hub.hub_id), stem) && !hub.owl_id.empty() &&
          base.find(hub.owl_id) != nullptr)
        add_once(out, std::string(hub.hub_id));
    for (const auto& facts : base.entries()) {
      std::string id = ascii_lower(facts.id);
      if (starts_with(id, kOwlPrefix)) id.erase(0, kOwlPrefix.size());
      if (ascii_lower(facts.family) == stem || starts_with(id, stem)) add_once(out, facts.id);
    }
  }
  for (auto& id : base.closest_ids(written, 3)) add_once(out, std::move(id));
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace owl
