#include "identify/document_shapes.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <set>

namespace owl::identify {

namespace {

constexpr const char* kFileName = "data/lexicon/document-shapes.yaml";
constexpr std::string_view kEmbedded =
#include "owl/document_shapes_data.inc"
    ;

bool lower_case(const std::string& word) {
  for (char c : word)
    if (c >= 'A' && c <= 'Z') return false;
  return true;
}

}  // namespace

DocumentShapes DocumentShapes::parse(std::string_view file_name, std::string_view yaml) {
  DocumentShapes shapes;
  const std::string file(file_name);
  const auto fail = [&](const std::string& rule, const std::string& detail) {
    shapes.errors.push_back(Error::corrupt(file, std::nullopt, "document-shapes." + rule, detail));
  };
  const std::pair<const char*, std::vector<std::string> DocumentShapes::*> kLists[] = {
      {"card_front_matter_keys", &DocumentShapes::card_front_matter_keys},
      {"card_section_headings", &DocumentShapes::card_section_headings},
      {"pointer_cues", &DocumentShapes::pointer_cues},
      {"pointer_file_names", &DocumentShapes::pointer_file_names},
  };
  try {
    const YAML::Node root = YAML::Load(std::string(yaml));
    if (!root.IsMap()) {
      fail("not-a-map", "expected the lists as keys of a map");
      return shapes;
    }
    for (const auto& entry : root) {
      const std::string key = entry.first.as<std::string>();
      bool known = false;
      for (const auto& [name, member] : kLists) known = known || key == name;
      if (!known) fail("unknown-key", fmt::format("{} is not a list owl reads", key));
    }
    for (const auto& [name, member] : kLists) {
      const YAML::Node list = root[name];
      if (!list || !list.IsSequence() || list.size() == 0) {
        fail("missing-list", fmt::format("{} must be a non-empty list", name));
        continue;
      }
      std::set<std::string> seen;
      for (const auto& item : list) {
        const std::string word = item.IsScalar() ? item.as<std::string>() : std::string();
        if (word.empty() || !lower_case(word))
          fail("bad-word", fmt::format("{}: every entry must be a non-empty lower-case string, "
                                       "found \"{}\"",
                                       name, word));
        else if (!seen.insert(word).second)
          fail("duplicate", fmt::format("{}: \"{}\" is listed twice", name, word));
        else
          (shapes.*member).push_back(word);
      }
    }
  } catch (const YAML::Exception& error) {
    fail("yaml", error.what());
  }
  return shapes;
}

const DocumentShapes& DocumentShapes::builtin() {
  static const DocumentShapes shapes = parse(kFileName, kEmbedded);
  return shapes;
}

}  // namespace owl::identify
