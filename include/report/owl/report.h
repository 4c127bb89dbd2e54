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

// How a text report is shown. Every text printer escapes what it prints
// (control bytes, escape sequences and invalid UTF-8 from a release become
// visible escapes such as \x1b, \r, \u0085) and wraps lines longer than
// `width` display columns, indenting continuation lines under their column.
struct TextStyle {
  bool color = false;  // ANSI colour, for terminals
  size_t width = 80;   // 0: never wrap
};

void print_release_text(std::ostream& out, const ReleaseAudit& audit, const TextStyle& style);
// The verdict card alone (terms, lineage, use verdict, conflicts, openness);
// print_release_text prints it first.
void print_verdict_text(std::ostream& out, const ReleaseAudit& audit, const TextStyle& style);
// "owl: error: <message>" on one line, escaped, never wrapped.
void print_error_text(std::ostream& out, const Error& error, const TextStyle& style);
// "note: ..." for what a walk passed over on purpose (AuditSink::on_note).
void print_note_text(std::ostream& out, const std::string& note, const TextStyle& style);

// One line per release: name, the verdict for the profile (or the tier and
// a plain "commercial use: yes / no / with conditions / unclear" without
// one), the worst conflict, and the one reason that decides it.
void print_summary_text(std::ostream& out, const ReleaseAudit& audit, const TextStyle& style);

// `owl scan` text: a block per release, or a summary line per release.
// kAuto is the summary when there are more than kSummaryAbove releases and
// stdout is a terminal (a pipe or file always gets the full report).
enum class ScanLayout { kAuto, kFull, kSummary };
inline constexpr size_t kSummaryAbove = 20;
bool use_summary(ScanLayout layout, size_t releases, bool stdout_is_terminal);
void print_scan_text(std::ostream& out, const std::vector<ReleaseAudit>& audits,
                     const TextStyle& style, bool summary);
// Any other line of chatter built from untrusted text ("owl: error: ...",
// "owl: policy: ..."): escaped, one line, never wrapped.
void print_message_line(std::ostream& out, std::string_view line);

// One JSON document for a whole `owl scan` run; `notes` are what the walk
// passed over on purpose. The same bytes as a ScanJsonWriter fed the same.
std::string scan_json(const std::vector<ReleaseAudit>& audits, const std::vector<Error>& errors,
                      const std::vector<std::string>& notes = {});

// scan_json's document written as releases finish: the opening on
// construction, one release at a time, then errors and notes. No tree of
// the whole document is built, so memory does not grow with the releases.
// A release may be rendered beforehand (scan_json_release, on any thread)
// and handed over as text.
// One release's object as it sits in the document's "releases" array.
std::string scan_json_release(const ReleaseAudit& audit);
class ScanJsonWriter {
 public:
  explicit ScanJsonWriter(std::ostream& out);
  void release(const ReleaseAudit& audit) { release_text(scan_json_release(audit)); }
  void release_text(const std::string& fragment);
  void finish(const std::vector<Error>& errors, const std::vector<std::string>& notes);

 private:
  std::ostream& out_;
  size_t releases_ = 0;
};
// `owl scan --jsonl`: the same object on one line, with its newline.
std::string scan_jsonl_line(const ReleaseAudit& audit);

// `owl inspect`: one reader's result as indented text or as JSON
// (schema "owl.inspect/1": {schema, path, format, size_bytes, content}).
void print_inspection_text(std::ostream& out, const Inspection& inspection,
                           const TextStyle& style = {});
std::string inspection_json(const Inspection& inspection);

// `owl identify`: one block per file, or one JSON document
// (schema "owl.identify/1": {schema, index, files: [{path, identification}]}).
struct IdentifiedFile {
  std::string path;
  Identification identification;
  std::optional<ReadLicenseTerms> terms;  // for a text owl does not know exactly
};
void print_identification_text(std::ostream& out, const IdentifiedFile& file,
                               const TextStyle& style);
std::string identification_json(const std::vector<IdentifiedFile>& files,
                                std::string_view index_tag);

// `owl explain`: one knowledge-base entry in plain words (what you may do,
// must do, may not do, thresholds, each with its clause), or as JSON
// (schema "owl.explain/1", docs/knowledge-base.md).
struct LicenseFacts;
std::string explain_text(const LicenseFacts& facts, const TextStyle& style = {});
std::string explain_json(const LicenseFacts& facts);
// `owl explain A B`: the two side by side, a row per question (tier,
// commercial use, thresholds, regions, use restrictions, duties, outputs,
// copyleft, patents, revocation), each cell wrapped in its column.
std::string explain_compare_text(const LicenseFacts& left, const LicenseFacts& right,
                                 const TextStyle& style = {});
// `owl explain --list`: every knowledge-base entry (id and name) under its tier.
class KnowledgeBase;
std::string explain_list_text(const KnowledgeBase& base, const TextStyle& style = {});

// Shared by every JSON printer: an Error as {"kind","rule","file","offset","detail","message"}.
std::string error_json(const Error& error);

}  // namespace owl
