// owl inspect FILE: what one reader found, like gguf-dump for every format.
#include <iostream>

#include "commands.h"
#include "owl/inspect.h"
#include "owl/report.h"

namespace owl::cli {

namespace {

struct InspectFlags {
  std::string path;
  bool json = false;
};

}  // namespace

void register_inspect(CLI::App& app, const GlobalFlags& globals, Runner& run) {
  auto flags = std::make_shared<InspectFlags>();
  CLI::App* inspect = app.add_subcommand(
      "inspect",
      "Print what one reader finds in one file: GGUF, safetensors (or its index), PyTorch/pickle "
      "(with the safety verdict), TorchScript, NumPy, Keras (.keras, .h5), NeMo, ExecuTorch, "
      "ONNX, a model card, an LFS pointer, config.json, adapter_config.json or a mergekit config");
  inspect->add_option("FILE", flags->path, "The file to read")
      ->required()
      ->check(CLI::ExistingFile);
  inspect->add_flag("--json", flags->json, "Print JSON (schema owl.inspect/1)");
  inspect->callback([&run, &globals, flags] {
    run = [&globals, flags] {
      auto inspection = inspect_file(flags->path);
      if (!inspection) {
        print_message_line(std::cerr, "owl: error: " + inspection.error().message());
        return static_cast<int>(kExitError);
      }
      if (flags->json)
        std::cout << inspection_json(*inspection) << "\n";
      else
        print_inspection_text(std::cout, *inspection, text_style(globals));
      return static_cast<int>(kExitOk);
    };
  });
}

}  // namespace owl::cli
