// The report stage: printers that consume audit results and never compute
// one. Text for people, JSON for machines (schema: docs/json-output.md).
// Thread-safe: pure functions writing to the stream they are given.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "owl/audit.h"
#include "owl/error.h"

namespace owl {

struct TextStyle {
  bool color = false;  // ANSI colour, for terminals
};

void print_release_text(std::ostream& out, const ReleaseAudit& audit, const TextStyle& style);
void print_error_text(std::ostream& out, const Error& error, const TextStyle& style);

// One JSON document for a whole `owl scan` run.
std::string scan_json(const std::vector<ReleaseAudit>& audits, const std::vector<Error>& errors);

// Shared by every JSON printer: an Error as {"kind","rule","file","offset","detail","message"}.
std::string error_json(const Error& error);

}  // namespace owl
