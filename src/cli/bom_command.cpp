// owl bom PATH...: a CycloneDX or SPDX bill of materials for every release
// found under the paths given.
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "commands.h"
#include "hub_flags.h"
#include "owl/audit.h"
#include "owl/bom.h"
#include "owl/output_file.h"
#include "owl/report.h"
#include "owl/version.h"

namespace owl::cli {

namespace {

struct BomFlags {
  std::vector<std::string> paths;
  std::string format;
  std::string output;
  bool hash = false;
  unsigned jobs = 0;
  HubFlags hub;
};

// A BOM names every release and links derivatives to their bases in one
// document, so it holds every audit (releases are still read in parallel).
class BomCollector : public AuditSink {
 public:
  void on_release(ReleaseAudit&& audit) override {
    for (const auto& artifact : audit.release.artifacts)
      if (artifact.error) report(audit.release, *artifact.error);
    for (const auto& problem : audit.release.problems) report(audit.release, problem);
    audits.push_back(std::move(audit));
  }
  void on_error(const Error& error) override {
    ++failures;
    print_message_line(std::cerr, "owl: error: " + error.message());
  }
  void on_note(const std::string& note) override { std::cerr << "owl: note: " << note << "\n"; }

  std::vector<ReleaseAudit> audits;
  size_t failures = 0;

 private:
  void report(const Release& release, const Error& error) {
    ++failures;
    print_message_line(std::cerr, "owl: error: " + release.root + ": " + error.message());
  }
};

std::string random_uuid() {
  std::random_device entropy;
  std::string seed;
  for (int i = 0; i < 8; ++i) seed += std::to_string(entropy());
  return uuid_from_seed(seed);
}

using Renderer = std::string (*)(const std::vector<ReleaseAudit>&, const BomOptions&);

// SOURCE_DATE_EPOCH (reproducible-builds.org) pins the timestamp, and the
// serial number then derives from the content, so the same releases give
// the same bytes; otherwise each run is a new BOM with a new serial.
std::string render(Renderer renderer, const std::vector<ReleaseAudit>& audits) {
  BomOptions options;
  options.tool_version = kVersion;
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch && *epoch) {
    options.timestamp = utc_timestamp(std::strtoll(epoch, nullptr, 10));
    options.serial_uuid = "00000000-0000-0000-0000-000000000000";
    options.serial_uuid = uuid_from_seed(renderer(audits, options));
  } else {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    options.timestamp =
        utc_timestamp(std::chrono::duration_cast<std::chrono::seconds>(now).count());
    options.serial_uuid = random_uuid();
  }
  return renderer(audits, options);
}

int write_bom(const BomFlags& flags, const std::string& bom) {
  if (flags.output.empty() || flags.output == "-") {
    std::cout << bom << "\n";
    return kExitOk;
  }
  if (auto written = write_file_atomically(flags.output, bom + "\n"); !written) {
    print_error_text(std::cerr, written.error(), TextStyle{false});
    return kExitError;
  }
  return kExitOk;
}

int run_bom(const BomFlags& flags) {
  AuditOptions options;
  options.read.hash = flags.hash;
  auto inputs = inputs_from(flags.paths, flags.hub);
  if (!inputs) {
    print_error_text(std::cerr, inputs.error(), TextStyle{false});
    return kExitError;
  }
  options.hub = hub_settings_from(flags.hub);
  BomCollector collector;
  audit_paths_parallel(*inputs, options, collector,
                       ParallelOptions{workers_for(*inputs, flags.jobs), 0});
  reassess_scanned_set(collector.audits, options.assess);
  const Renderer renderer = flags.format == "spdx" ? &spdx_json : &cyclonedx_json;
  const int written = write_bom(flags, render(renderer, collector.audits));
  if (written != kExitOk) return written;
  return collector.failures == 0 ? kExitOk : kExitError;
}

}  // namespace

void register_bom(CLI::App& app, const GlobalFlags& /*globals*/, Runner& run) {
  auto flags = std::make_shared<BomFlags>();
  CLI::App* bom = app.add_subcommand(
      "bom",
      "Write a bill of materials (CycloneDX 1.6 ML-BOM or SPDX 3.0.1 AI/Dataset) for every "
      "release under the paths: weights files with hashes, declared and concluded licences, "
      "lineage, datasets (docs/bom.md)");
  // A missing path is an error on stderr; the others still make the BOM.
  bom->add_option("PATH", flags->paths, "Paths and hf:// ids to scan");
  bom->add_option("--format", flags->format, "cyclonedx or spdx")
      ->required()
      ->check(CLI::IsMember({"cyclonedx", "spdx"}));
  bom->add_option("--output,-o", flags->output, "Write the BOM to FILE instead of standard output");
  bom->add_flag("--hash", flags->hash,
                "Compute the SHA-256 of every weights file (reads whole files); without it only "
                "hashes the release records (LFS pointers, hub cache blobs) are stated");
  bom->add_option("-j,--jobs", flags->jobs,
                  "Worker threads (default: one per core; at least 32 when an input is an hf:// "
                  "id, whose work waits on the network)")
      ->check(CLI::Range(0, 256));
  add_hub_flags(*bom, flags->hub);
  bom->callback([&run, flags] { run = [flags] { return run_bom(*flags); }; });
}

}  // namespace owl::cli
