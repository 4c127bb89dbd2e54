// owl explain ID [ID]: one licence's knowledge-base row in plain words, or
// two side by side; --list: every licence owl knows. An ID is anything a
// scan prints for a licence: an SPDX id, a LicenseRef-owl id, a Hugging Face
// `license:` value, or a card's license_name.
#include <fmt/format.h>

#include <iostream>

#include "commands.h"
#include "owl/knowledge.h"
#include "owl/report.h"

namespace owl::cli {

namespace {

struct ExplainFlags {
  std::vector<std::string> ids;
  bool json = false;
  bool list = false;
};

int explain(const ExplainFlags& flags, const GlobalFlags& globals) {
  const KnowledgeBase& base = KnowledgeBase::builtin();
  const TextStyle style = text_style(globals);
  if (flags.list) {
    std::cout << explain_list_text(base, style);
    return kExitOk;
  }
  if (flags.ids.empty()) {
    print_message_line(std::cerr, "owl: error: explain needs an ID (or --list)");
    return kExitError;
  }
  std::vector<const LicenseFacts*> found;
  bool unknown = false;
  for (const auto& id : flags.ids) {
    const LicenseFacts* facts = find_license(base, id);
    if (facts == nullptr) {
      print_message_line(std::cerr,
                         fmt::format("owl: error: no knowledge-base entry for '{}'; "
                                     "did you mean: {}",
                                     id, fmt::join(suggest_license_ids(base, id), ", ")));
      unknown = true;
    }
    found.push_back(facts);
  }
  if (unknown) return kExitError;
  if (found.size() == 2)
    std::cout << explain_compare_text(*found[0], *found[1], style);
  else
    std::cout << (flags.json ? explain_json(*found[0]) + "\n" : explain_text(*found[0], style));
  return kExitOk;
}

}  // namespace

void register_explain(CLI::App& app, const GlobalFlags& globals, Runner& run) {
  auto flags = std::make_shared<ExplainFlags>();
  CLI::App* command = app.add_subcommand(
      "explain",
      "Explain one licence in plain words: what you may do, must do and may not do, its "
      "thresholds, and the clause each fact comes from; or compare two side by side");
  auto* ids = command
                  ->add_option("ID", flags->ids,
                               "SPDX id, LicenseRef-owl-<family>-<version>, Hugging Face license "
                               "id (e.g. llama3.1) or a card's license_name; two IDs compare "
                               "them side by side")
                  ->expected(0, 2);
  auto* json = command->add_flag("--json", flags->json, "Print JSON (schema owl.explain/1)");
  command->add_flag("--list", flags->list, "List every licence owl knows, by tier: id and name")
      ->excludes(ids)
      ->excludes(json);
  command->callback([&run, &globals, flags] {
    if (flags->json && flags->ids.size() == 2)
      throw CLI::ValidationError("--json", "explains one ID; compare two as text");
    run = [&globals, flags] { return explain(*flags, globals); };
  });
}

}  // namespace owl::cli
