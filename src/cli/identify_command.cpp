// owl identify FILE...: which licence each text is, per family and version,
// and what a modified copy changed.
#include <fmt/format.h>

#include <iostream>

#include "commands.h"
#include "owl/bytes.h"
#include "owl/identify.h"
#include "owl/report.h"

namespace owl::cli {

namespace {

constexpr size_t kMaxLicenceBytes = 4u << 20;

struct IdentifyFlags {
  std::vector<std::string> paths;
  bool json = false;
};

}  // namespace

void register_identify(CLI::App& app, const GlobalFlags& globals, Runner& run) {
  auto flags = std::make_shared<IdentifyFlags>();
  CLI::App* identify = app.add_subcommand(
      "identify",
      "Say which licence, use policy or model card each text file is (SPDX id or "
      "LicenseRef-owl-<family>-<version>), and what a modified copy adds or removes");
  identify->add_option("FILE", flags->paths, "Licence, notice or policy files")
      ->required()
      ->check(CLI::ExistingFile);
  identify->add_flag("--json", flags->json, "Print JSON (schema owl.identify/1)");
  identify->callback([&run, &globals, flags] {
    run = [&globals, flags] {
      const LicenseIndex& index = LicenseIndex::builtin();
      std::vector<IdentifiedFile> results;
      int exit_code = kExitOk;
      for (const auto& path : flags->paths) {
        auto text = read_text_prefix(path, kMaxLicenceBytes);
        if (!text) {
          print_message_line(std::cerr, "owl: error: " + text.error().message());
          exit_code = kExitError;
          continue;
        }
        IdentifiedFile result{path, index.identify(*text), std::nullopt};
        result.terms = terms_that_govern(result.identification, *text);
        results.push_back(std::move(result));
      }
      if (flags->json)
        std::cout << identification_json(results, index.version_tag()) << "\n";
      else
        for (const auto& result : results)
          print_identification_text(std::cout, result, text_style(globals));
      return exit_code;
    };
  });
}

}  // namespace owl::cli
