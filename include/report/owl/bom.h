// Bills of materials for model releases: CycloneDX 1.6 (ML-BOM) and SPDX
// 3.0.1 (AI and Dataset profiles) JSON, built from what owl read and
// concluded — never from anything it did not see.
//
// Each release becomes one model element with its weights files, the
// licences it declares (kept apart from those owl concludes apply), its
// lineage and its datasets. Field by field in docs/bom.md. The output is a
// pure function of the audits and the options: the same input gives the
// same bytes, so the serial number and timestamp are options too (a caller
// that wants a fresh BOM each run passes a fresh time and UUID).
//
// BomWriter writes a BOM as releases arrive, so memory does not grow with
// the number of releases (`owl bom` feeds it from a ScannedSetStream); the
// whole-vector functions at the end are that writer into a string.
// Thread-safety: a BomWriter is used from one thread; the functions are pure.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "owl/audit.h"
#include "owl/output_file.h"

namespace owl {

struct BomOptions {
  std::string tool_version;  // owl's own version, for metadata.tools / the Tool element
  // RFC 3339 UTC with seconds, "2025-01-31T12:00:00Z" (the form SPDX 3 requires).
  std::string timestamp;
  // A UUID, "8-4-4-4-12" lowercase hex. CycloneDX uses it as urn:uuid:...;
  // SPDX builds its document namespace from it.
  std::string serial_uuid;
};

// An RFC 4122 version-5-shaped UUID from the SHA-256 of `seed`: reproducible
// serial numbers for reproducible builds (SOURCE_DATE_EPOCH) and tests.
std::string uuid_from_seed(std::string_view seed);
// Seconds since the epoch as "YYYY-MM-DDTHH:MM:SSZ".
std::string utc_timestamp(int64_t seconds_since_epoch);

enum class BomFormat {
  kCycloneDx,  // CycloneDX 1.6 JSON (https://cyclonedx.org/docs/1.6/json/)
  kSpdx,       // SPDX 3.0.1 JSON-LD (https://spdx.github.io/spdx-spec/v3.0.1/)
};

// One BOM written release by release: the opening when made, each release's
// components or elements as add() meets it, and what spans the document
// (CycloneDX datasets and dependencies; the SPDX document element and its
// element list) at finish(). It keeps only what those parts need: per
// dataset its declarations (three numbers each), per distinct licence
// expression and organisation one id; the CycloneDX dependency list and the
// SPDX element list go to a SpillBuffer. Output is byte for byte what one
// dump of the whole document gave, except that an SPDX dataset element now
// comes just before the first release that declares it, not after the Tool.
//
// Releases are numbered in find order as in `names` ("release-N"), so a
// derivative refers to a base in the set by the base's number and name even
// when the base comes later; a Hub id the walk counted that failed keeps its
// number (skip()).
class BomWriter {
 public:
  // `names`: the set's names, kept (ReleaseNameIndex::KeepNames::kYes), in
  // the order add() and skip() will meet them. `is_missing` says whether a
  // release will never be added (ScannedSetStream::is_missing), so a
  // derivative does not point at it; empty when every release comes.
  // REQUIRES: `out` and `names` outlive the writer.
  static std::unique_ptr<BomWriter> create(BomFormat format, std::ostream& out,
                                           const ReleaseNameIndex& names, const BomOptions& options,
                                           std::function<bool(size_t)> is_missing = {});
  virtual ~BomWriter() = default;
  virtual void add(const ReleaseAudit& audit) = 0;  // the next release, its scanned set applied
  virtual void skip() = 0;                          // the next release never came
  // The parts that span the document; the error of the spill file, if any.
  // Writes no newline after the closing brace.
  virtual Status finish() = 0;
};

// SOURCE_DATE_EPOCH: the serial a reproducible BOM carries is
// uuid_from_seed of the document written with the all-zero serial, as if it
// were rendered twice. A streaming writer writes once, with `placeholder`
// (a random UUID, which no release can have written in advance) as its
// serial, into `document`; this reads it back with the placeholder as the
// zero serial to get that hash, then copies it to `out` with the
// placeholder replaced by the serial.
Status copy_with_reproducible_serial(SpillBuffer& document, std::string_view placeholder,
                                     std::ostream& out);

// CycloneDX 1.6 JSON (https://cyclonedx.org/docs/1.6/json/).
std::string cyclonedx_json(const std::vector<ReleaseAudit>& audits, const BomOptions& options);

// SPDX 3.0.1 JSON-LD (https://spdx.github.io/spdx-spec/v3.0.1/).
std::string spdx_json(const std::vector<ReleaseAudit>& audits, const BomOptions& options);

}  // namespace owl
