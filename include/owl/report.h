// The report stage: printers that consume audit results and never compute
// one. Text for people, JSON for machines (schema: docs/json-output.md).
// Thread-safe: pure functions writing to the stream they are given.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "owl/audit.h"
#include "owl/error.h"
#include "owl/identify.h"
#include "owl/inspect.h"

namespace owl {

struct TextStyle {
  bool color = false;  // ANSI colour, for terminals
};

void print_release_text(std::ostream& out, const ReleaseAudit& audit, const TextStyle& style);
// The verdict card alone (terms, lineage, use verdict, conflicts, openness);
// print_release_text prints it first.
void print_verdict_text(std::ostream& out, const ReleaseAudit& audit, const TextStyle& style);
void print_error_text(std::ostream& out, const Error& error, const TextStyle& style);
// "note: ..." for what a walk passed over on purpose (AuditSink::on_note).
void print_note_text(std::ostream& out, const std::string& note, const TextStyle& style);

// One JSON document for a whole `owl scan` run; `notes` are what the walk
// passed over on purpose.
std::string scan_json(const std::vector<ReleaseAudit>& audits, const std::vector<Error>& errors,
                      const std::vector<std::string>& notes = {});

// `owl inspect`: one reader's result as indented text or as JSON
// (schema "owl.inspect/1": {schema, path, format, size_bytes, content}).
void print_inspection_text(std::ostream& out, const Inspection& inspection);
std::string inspection_json(const Inspection& inspection);

// `owl identify`: one block per file, or one JSON document
// (schema "owl.identify/1": {schema, index, files: [{path, identification}]}).
struct IdentifiedFile {
  std::string path;
  Identification identification;
};
void print_identification_text(std::ostream& out, const IdentifiedFile& file,
                               const TextStyle& style);
std::string identification_json(const std::vector<IdentifiedFile>& files,
                                std::string_view index_tag);

// `owl explain`: one knowledge-base entry in plain words (what you may do,
// must do, may not do, thresholds, each with its clause), or as JSON
// (schema "owl.explain/1", docs/knowledge-base.md).
struct LicenseFacts;
std::string explain_text(const LicenseFacts& facts);
std::string explain_json(const LicenseFacts& facts);

// Shared by every JSON printer: an Error as {"kind","rule","file","offset","detail","message"}.
std::string error_json(const Error& error);

}  // namespace owl
