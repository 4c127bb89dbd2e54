// What `owl scan` and `owl bom` did before they streamed, for tests that
// check the stream gives the same: every audit of a folder held, then
// reassess_scanned_set over them all.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "owl/audit.h"

namespace owl::testing {

class Collector : public AuditSink {
 public:
  void on_release(ReleaseAudit&& audit) override { audits.push_back(std::move(audit)); }
  void on_error(const Error& error) override { ADD_FAILURE() << error.message(); }
  std::vector<ReleaseAudit> audits;
};

inline std::vector<ReleaseAudit> whole_set(const std::string& dir) {
  Collector all;
  AuditOptions options;
  audit_paths({dir}, options, all);
  reassess_scanned_set(all.audits, options.assess);
  return std::move(all.audits);
}

}  // namespace owl::testing
