// Internal to the audit stage: the passes of the scanned-set re-assessment,
// shared by reassess_scanned_set (every audit held) and ScannedSetStream
// (only the releases still held when the stream ends).
#pragma once

#include <functional>
#include <set>
#include <string_view>
#include <vector>

#include "owl/audit.h"

namespace owl::detail {

// The base a release names, resolved in the scan set for the release being
// assessed (`assessing`, an index into `audits`), or nullptr.
using BaseLookup = std::function<const Assessment*(size_t assessing, std::string_view name)>;

// Re-assesses the audits in `pending`, a pass at a time: every release of a
// pass reads the assessments of the pass before (applied only after the
// pass), and a release whose lending changed puts its `dependents` in the
// next pass. The cap of 8 passes guards against cycles.
void reassess_in_passes(const std::vector<ReleaseAudit*>& audits,
                        const std::vector<std::vector<size_t>>& dependents,
                        std::set<size_t> pending, const AssessOptions& options,
                        const BaseLookup& lookup);

}  // namespace owl::detail
