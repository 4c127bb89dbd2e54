// The library's front door: find -> read -> identify -> assess for every
// path given, one ReleaseAudit at a time.
//
// Results are pushed into a sink as each release is done rather than
// collected, so a census over thousands of releases holds one at a time
// (the ripgrep Sink design; a pull iterator was turned down because the
// walk itself is recursive). Errors that stop a whole path (it does not
// exist) are reported through the sink too; errors inside a release stay in
// the release. The library never prints or picks exit codes.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "owl/assess.h"
#include "owl/assessment.h"
#include "owl/error.h"
#include "owl/find.h"
#include "owl/hub.h"
#include "owl/identify.h"
#include "owl/lineage.h"
#include "owl/read.h"
#include "owl/release.h"

namespace owl {

struct ReleaseAudit {
  Release release;
  std::vector<DocumentMatch> matches;  // one per licence, notice and policy document
  CardEvidence card;  // the card's body read once: its parse and the bases it names in words
  Summary summary;
  Assessment assessment;  // terms, lineage, openness, conflicts, use verdict
};

struct AuditOptions {
  FindLimits find;
  HubSettings hub;  // for hf:// inputs
  ReadOptions read;
  AssessOptions assess;  // the deployment profile; `scanned` is filled by reassess_scanned_set
};

class AuditSink {
 public:
  virtual ~AuditSink() = default;
  virtual void on_release(ReleaseAudit&& audit) = 0;
  // A path that could not be scanned, or a folder between releases that
  // could not be listed or followed (FindNotices::errors).
  virtual void on_error(const Error& error) = 0;
  // Something passed over on purpose, one line (a hub cache's Spaces).
  // Printers should show it; the default drops it for sinks that only count.
  virtual void on_note(const std::string& note) { (void)note; }
  // A Hub id that ReleaseNameIndex::walk counted as one release could not be
  // listed (its error came through on_error just before): the release
  // numbers of a ScannedSetStream skip it. Other sinks ignore it.
  virtual void on_missing_release() {}
};

// Never throws: an unexpected exception becomes a problem on the release.
ReleaseAudit audit_release(const ReleaseLocation& location, const AuditOptions& options);

// Each path's releases, then its notices (errors and notes), in order; a
// path that does not exist is an error and the next path is still scanned.
// A path "hf://ORG/NAME[@REVISION]" is one release on the Hugging Face Hub
// (find_hub_release with options.hub), read over HTTP.
// Returns the number of paths that failed outright.
size_t audit_paths(const std::vector<std::string>& paths, const AuditOptions& options,
                   AuditSink& sink);

// audit_paths on `workers` threads (0: one per hardware thread). One
// thread walks the paths, the workers audit, and the calling thread hands
// results to the sink in the order audit_paths would, so the sink need not
// be thread-safe and output is deterministic. At most `max_in_flight`
// releases (0: 64 per worker) are found but not yet delivered, so memory
// does not grow with the number of releases. (find_releases still lists
// one path's locations at once; a location is a few file names, so a folder
// of thousands of cards costs kilobytes, not audits.)
struct ParallelOptions {
  unsigned workers = 0;
  size_t max_in_flight = 0;
};
size_t audit_paths_parallel(const std::vector<std::string>& paths, const AuditOptions& options,
                            AuditSink& sink, const ParallelOptions& parallel = {});

// Releases held together, found by the name a derivative writes for its
// base: "org/name" or just "name", in any case; the first release so named
// wins. Used to resolve lineage within one run (reassess_scanned_set).
class ScannedReleaseIndex {
 public:
  explicit ScannedReleaseIndex(const std::vector<ReleaseAudit>& audits);
  // The release `name` refers to; nullopt when none has that name or it is
  // `self` (a quantised copy named after its model is not its own base).
  std::optional<size_t> find(std::string_view name,
                             std::optional<size_t> self = std::nullopt) const;

 private:
  std::map<std::string, size_t> by_name_;
};

// The names of every release under some paths, taken from a walk (find
// only, no file is read) before a streaming scan, so the scan can tell on
// meeting a release whether a base it names is in the set, even one found
// later. Keys are 64-bit hashes of the lower-cased full and bare names
// (16 bytes a key, kept flat for a million releases; two names that collide
// are one name, odds about 1e-9 at 100,000 releases); the first release so
// named wins, as in ScannedReleaseIndex. Release numbers count releases in
// find order (audit_paths delivers them in that order).
//
// With KeepNames::kYes it also keeps each release's name as found (a few
// dozen bytes a release, packed): a BOM refers to a base by its name even
// when the base is written after its derivative. A scan does without.
class ReleaseNameIndex {
 public:
  enum class KeepNames { kNo, kYes };
  explicit ReleaseNameIndex(KeepNames keep = KeepNames::kNo) : keep_names_(keep) {}
  static ReleaseNameIndex walk(const std::vector<std::string>& paths, const FindLimits& limits,
                               KeepNames keep = KeepNames::kNo);
  void add(std::string_view name);  // the next release in find order
  void seal();                      // after the last add, before find
  size_t size() const { return releases_; }
  std::optional<size_t> find(std::string_view name,
                             std::optional<size_t> self = std::nullopt) const;
  // The release's name as the walk found it. REQUIRES: KeepNames::kYes.
  std::string_view name(size_t release) const;

 private:
  KeepNames keep_names_;
  std::vector<std::pair<uint64_t, uint32_t>> keys_;  // sorted by key, then release
  std::string names_;                                // every kept name, one after another
  std::vector<uint32_t> name_ends_;                  // by release: where its name ends
  size_t releases_ = 0;
};

// The scanned-set pass as a stream: an AuditSink in front of another that
// passes on each release, in find order, with its final assessment, the
// one reassess_scanned_set would give it. Per release it keeps only what a
// derivative can take from it (the strictest effective terms and the
// lineage links that travel), not its audit. A release naming no base in
// the set goes straight through; one whose in-set bases are all done is
// re-assessed on arrival; one whose base comes later in find order is held
// until that base is done, and the releases after it wait with it, so
// output stays in find order (memory grows only with that gap). Bases that
// never finish (a cycle) are settled in finish() by reassess_scanned_set's
// passes. Not thread-safe: call from the delivering thread.
class ScannedSetStream : public AuditSink {
 public:
  ScannedSetStream(const ReleaseNameIndex& names, AssessOptions options, AuditSink& out);
  ~ScannedSetStream() override;
  void on_release(ReleaseAudit&& audit) override;
  void on_error(const Error& error) override { out_.on_error(error); }
  void on_note(const std::string& note) override { out_.on_note(note); }
  // Passed on in find order, where the release would have been delivered.
  void on_missing_release() override;
  void finish();  // settles and delivers whatever is still held
  // Whether the walk counted `release` but the scan will never deliver it (a
  // Hub id that failed). Known as soon as it failed, before its turn comes:
  // a derivative delivered first can tell its base will not be there.
  bool is_missing(size_t release) const;

 private:
  struct State;
  void arrive(size_t release, ReleaseAudit&& audit);
  void settle(size_t release, ReleaseAudit&& audit);
  void wake_waiters(size_t release);
  void deliver_ready();
  const ReleaseNameIndex& names_;
  AssessOptions options_;
  AuditSink& out_;
  std::unique_ptr<State> state_;
};

// Re-assesses each audit with the others as its scanned set, so a base model
// that was scanned too lends its actual terms to its derivatives (and theirs
// to theirs). Needs every audit in memory, so no command uses it any more
// (`scan` and `bom` use ScannedSetStream; the census relies on family
// knowledge): it is the whole-set reference the stream is tested against.
void reassess_scanned_set(std::vector<ReleaseAudit>& audits, const AssessOptions& options);

}  // namespace owl
