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
// Thread-safe: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "owl/audit.h"

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

// CycloneDX 1.6 JSON (https://cyclonedx.org/docs/1.6/json/).
std::string cyclonedx_json(const std::vector<ReleaseAudit>& audits, const BomOptions& options);

// SPDX 3.0.1 JSON-LD (https://spdx.github.io/spdx-spec/v3.0.1/).
std::string spdx_json(const std::vector<ReleaseAudit>& audits, const BomOptions& options);

}  // namespace owl
