// Licence names as people write them, to ids the knowledge base knows.
#include "license_names.h"

#include <algorithm>
#include <cctype>

#include "assess_internal.h"
#include "owl/identify.h"
#include "owl/knowledge.h"
#include "owl/lineage.h"
#include "owl/name_lexicon.h"
#include "owl/text.h"

namespace owl::detail {

namespace {

std::string trim(std::string_view text) {
  const char* spaces = " \t\r\n*`_'\"“”.,;:()[]";
  const size_t begin = text.find_first_not_of(spaces);
  if (begin == std::string_view::npos) return {};
  const size_t end = text.find_last_not_of(spaces);
  return std::string(text.substr(begin, end - begin + 1));
}

// "Apache License, Version 2.0" -> "apache-2.0"; "CC BY-NC 4.0" -> "cc-by-nc-4.0".
std::string slug(std::string_view written) {
  std::vector<std::string> words;
  std::string word;
  const auto flush = [&] {
    if (word.size() > 1 && word[0] == 'v' && std::isdigit(static_cast<unsigned char>(word[1])))
      word.erase(0, 1);
    const auto& fillers = NameLexicon::builtin().license_name_filler_words;
    if (!word.empty() && std::find(fillers.begin(), fillers.end(), word) == fillers.end())
      words.push_back(word);
    word.clear();
  };
  for (char c : ascii_lower(written)) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '+')
      word.push_back(c);
    else
      flush();
  }
  flush();
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : "-") + w;
  while (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

std::string from_hub_or_knowledge(std::string_view candidate) {
  if (candidate.empty()) return {};
  const HubLicense hub = map_hub_license(candidate);
  if (!hub.hub_id.empty() && !hub.owl_id.empty()) return std::string(hub.owl_id);
  // A Hub family id ("bsd", "gpl", "openrail") still says what kind of terms
  // apply; its first member stands for the family.
  if (!hub.hub_id.empty() && !hub.expression.empty()) {
    const std::string_view expression = hub.expression;
    return std::string(expression.substr(0, expression.find(' ')));
  }
  // A family id whose members' terms agree ("openrail": every OpenRAIL
  // licence sets use restrictions that flow down) stands for one of them.
  if (!hub.terms_of.empty()) return std::string(hub.terms_of);
  if (!hub.hub_id.empty()) return {};
  if (const auto* facts = knowledge().find(candidate)) return facts->id;
  return {};
}

// A model family named as the licence ("License: gemma", "Llama 2 Community
// License") means that family's licence.
std::string from_family(std::string_view written) {
  const auto family = resolve_family(written);
  if (!family) return {};
  const KnowledgeBase& base = knowledge();
  const auto* rule = base.family_license(family->family, family->version, written);
  // "LLaMA" alone could be any of the family's licences; only a version
  // says which (families.yaml, `ambiguous_name`).
  if (family->version.empty() && rule && rule->ambiguous_name) return {};
  // "yi-license", "falcon-mamba-7b-license": a licence named after a model
  // family is that family's own licence, never the standard one its models
  // may be published under today: the latest such licence owl knows, or none.
  const std::string lower = ascii_lower(written);
  const auto& marks = NameLexicon::builtin().license_name_marks;
  const bool named_as_licence = std::any_of(marks.begin(), marks.end(), [&](const auto& mark) {
    return lower.find(mark) != std::string::npos;
  });
  if (family->version.empty() && named_as_licence) {
    const LicenseFacts* latest = nullptr;
    for (const auto& facts : base.entries())
      if (facts.kind == "licence" && facts.family == family->family &&
          (!latest || facts.version > latest->version))
        latest = &facts;
    if (latest) return latest->id;
    if (rule && rule->license.rfind("LicenseRef-", 0) != 0) return {};
  }
  return rule ? rule->license : std::string();
}

}  // namespace

bool is_placeholder(std::string_view written) {
  const std::string text = slug(written);
  if (text.empty()) return true;
  const NameLexicon& lexicon = NameLexicon::builtin();
  const auto& whole = lexicon.license_placeholders;
  const auto& phrases = lexicon.license_placeholder_phrases;
  return std::find(whole.begin(), whole.end(), text) != whole.end() ||
         std::any_of(phrases.begin(), phrases.end(), [&](const std::string& phrase) {
           return text.find(phrase) != std::string::npos;
         });
}

std::string license_id_for(std::string_view written) {
  const std::string text = trim(written);
  if (text.empty() || is_placeholder(text)) return {};
  if (auto id = from_hub_or_knowledge(text); !id.empty()) return id;
  const std::string slugged = slug(text);
  if (auto id = from_hub_or_knowledge(slugged); !id.empty()) return id;
  // "apache-2" / "apache2.0" / "mit-license"
  if (slugged.rfind("apache", 0) == 0) return "Apache-2.0";
  if (slugged == "mit" || slugged.rfind("mit-", 0) == 0) return "MIT";
  if (auto expression = parse_license_expression(text);
      expression && expression->kind == LicenseExpression::Kind::kLicense)
    if (const auto* facts = knowledge().find(expression->id)) return facts->id;
  if (auto id = from_family(text); !id.empty()) return id;
  // A licence's full name ("Stability AI Community License"): the start of
  // exactly one knowledge-base entry's name.
  if (slugged.size() < 12) return {};
  std::string found;
  for (const auto& facts : knowledge().entries()) {
    if (facts.kind != "licence" || slug(facts.name).rfind(slugged, 0) != 0) continue;
    if (!found.empty() && found != facts.id) return {};  // ambiguous
    found = facts.id;
  }
  return found;
}

}  // namespace owl::detail
