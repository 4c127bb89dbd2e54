// owl bom PATH...: a CycloneDX or SPDX bill of materials for every release
// found under the paths given.
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <optional>
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

// Says on stderr what could not be read, and hands each release to the
// writer as the scanned-set stream delivers it: no audit outlives its
// writing.
class BomPrinter : public AuditSink {
 public:
  explicit BomPrinter(BomWriter& writer) : writer_(writer) {}

  void on_release(ReleaseAudit&& audit) override {
    for (const auto& artifact : audit.release.artifacts)
      if (artifact.error) report(audit.release, *artifact.error);
    for (const auto& problem : audit.release.problems) report(audit.release, problem);
    writer_.add(audit);
  }
  void on_error(const Error& error) override {
    ++failures;
    print_message_line(std::cerr, "owl: error: " + error.message());
  }
  void on_note(const std::string& note) override { std::cerr << "owl: note: " << note << "\n"; }
  void on_missing_release() override { writer_.skip(); }

  size_t failures = 0;

 private:
  void report(const Release& release, const Error& error) {
    ++failures;
    print_message_line(std::cerr, "owl: error: " + release.root + ": " + error.message());
  }

  BomWriter& writer_;
};

std::string random_uuid() {
  std::random_device entropy;
  std::string seed;
  for (int i = 0; i < 8; ++i) seed += std::to_string(entropy());
  return uuid_from_seed(seed);
}

// SOURCE_DATE_EPOCH (reproducible-builds.org) pins the timestamp, and the
// serial number then derives from the content, so the same releases give
// the same bytes; otherwise each run is a new BOM with a new serial.
struct Stamp {
  BomOptions options;
  bool reproducible = false;
};

Stamp stamp() {
  Stamp out;
  out.options.tool_version = kVersion;
  out.options.serial_uuid = random_uuid();  // the placeholder, when reproducible
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch && *epoch) {
    out.options.timestamp = utc_timestamp(std::strtoll(epoch, nullptr, 10));
    out.reproducible = true;
  } else {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    out.options.timestamp =
        utc_timestamp(std::chrono::duration_cast<std::chrono::seconds>(now).count());
  }
  return out;
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
  // The names first (a walk that reads no file): a derivative met before
  // its base can name the base's component.
  const ReleaseNameIndex names =
      ReleaseNameIndex::walk(*inputs, options.find, ReleaseNameIndex::KeepNames::kYes);
  std::optional<AtomicOutputFile> file;
  if (!flags.output.empty() && flags.output != "-") file.emplace(flags.output);
  std::ostream& out = file ? file->stream() : std::cout;
  const Stamp stamped = stamp();
  // A reproducible BOM is written aside first: its serial is known only at the end.
  std::optional<SpillBuffer> aside;
  if (stamped.reproducible) aside.emplace();

  const ScannedSetStream* stream = nullptr;
  const auto writer = BomWriter::create(
      flags.format == "spdx" ? BomFormat::kSpdx : BomFormat::kCycloneDx,
      aside ? aside->stream() : out, names, stamped.options,
      [&stream](size_t release) { return stream != nullptr && stream->is_missing(release); });
  BomPrinter printer(*writer);
  ScannedSetStream resolved(names, options.assess, printer);
  stream = &resolved;
  audit_paths_parallel(*inputs, options, resolved,
                       ParallelOptions{workers_for(*inputs, flags.jobs), 0});
  resolved.finish();
  Status written = writer->finish();
  if (written && aside)
    written = copy_with_reproducible_serial(*aside, stamped.options.serial_uuid, out);
  out << "\n";
  if (written && file) written = file->commit();
  if (!written) {
    print_error_text(std::cerr, written.error(), TextStyle{false});
    return kExitError;
  }
  std::cout.flush();
  return printer.failures == 0 ? kExitOk : kExitError;
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
