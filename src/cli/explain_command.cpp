// owl explain ID: one licence's knowledge-base row in plain words. ID is an
// SPDX id, a LicenseRef-owl id, or a Hugging Face `license:` value.
#include <fmt/format.h>

#include <iostream>

#include "commands.h"
#include "owl/identify.h"
#include "owl/knowledge.h"
#include "owl/report.h"

namespace owl::cli {

namespace {

struct ExplainFlags {
  std::string id;
  bool json = false;
};

// The Hub writes "llama3.1" where owl writes "LicenseRef-owl-llama-3.1".
const LicenseFacts* resolve(const KnowledgeBase& base, const std::string& id) {
  if (const LicenseFacts* facts = base.find(id)) return facts;
  const HubLicense hub = map_hub_license(id);
  if (!hub.hub_id.empty() && !hub.owl_id.empty()) return base.find(hub.owl_id);
  return nullptr;
}

int explain(const ExplainFlags& flags) {
  const KnowledgeBase& base = KnowledgeBase::builtin();
  const LicenseFacts* facts = resolve(base, flags.id);
  if (facts == nullptr) {
    std::cerr << fmt::format("owl: error: no knowledge-base entry for '{}'; closest ids: {}\n",
                             flags.id, fmt::join(base.closest_ids(flags.id), ", "));
    return kExitError;
  }
  std::cout << (flags.json ? explain_json(*facts) + "\n" : explain_text(*facts));
  return kExitOk;
}

}  // namespace

void register_explain(CLI::App& app, const GlobalFlags& /*globals*/, Runner& run) {
  auto flags = std::make_shared<ExplainFlags>();
  CLI::App* command = app.add_subcommand(
      "explain",
      "Explain one licence in plain words: what you may do, must do and may not do, its "
      "thresholds, and the clause each fact comes from");
  command
      ->add_option("ID", flags->id,
                   "SPDX id, LicenseRef-owl-<family>-<version>, or Hugging Face license id "
                   "(e.g. llama3.1)")
      ->required();
  command->add_flag("--json", flags->json, "Print JSON (schema owl.explain/1)");
  command->callback([&run, flags] { run = [flags] { return explain(*flags); }; });
}

}  // namespace owl::cli
