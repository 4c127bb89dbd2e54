// Constants that may hide a payload (pickle_embedded.h): noted as the stream
// pushes them, decoded when the walk ends, reported with their chain.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "read/pickle_embedded.h"
#include "read/pickle_internal.h"
#include "read/pickle_machine.h"

namespace owl::pickle {

namespace {

std::string chain_of(const EmbeddedPayload& payload) {
  if (payload.layers.empty()) return "";
  std::string chain = " decodes through ";
  for (size_t i = 0; i < payload.layers.size(); ++i) {
    chain += (i == 0 ? "" : " > ") + payload.layers[i];
  }
  return chain + " to";
}

// "imports posix.system (dangerous), builtins.eval (dangerous)": the worst
// few distinct globals, or what is left when none is unsafe.
std::string imports_summary(const EmbeddedPayload& payload) {
  std::vector<std::pair<Safety, std::string>> unsafe;
  std::set<std::string> seen;
  for (const PickleImport& import : payload.imports) {
    const std::string global = import.module + "." + import.name;
    if (import.safety == Safety::kSafe || !seen.insert(global).second) continue;
    unsafe.emplace_back(import.safety, global);
  }
  std::stable_sort(unsafe.begin(), unsafe.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  if (unsafe.empty()) {
    return payload.imports.empty() ? "imports nothing" : "imports only allowlisted globals";
  }
  std::string text = "imports ";
  for (size_t i = 0; i < unsafe.size() && i < 3; ++i) {
    text +=
        fmt::format("{}{} ({})", i == 0 ? "" : ", ", unsafe[i].second, to_string(unsafe[i].first));
  }
  if (unsafe.size() > 3) text += fmt::format(" and {} more", unsafe.size() - 3);
  return text;
}

}  // namespace

void Machine::note_blob(Value& value, uint64_t offset, std::string_view source,
                        std::string_view data) {
  if (!may_hide_payload(data)) return;
  if (blobs_.size() >= limits_.max_blobs) {
    if (!noted_blob_cap_) {
      noted_blob_cap_ = true;
      add_finding(Safety::kSuspicious,
                  fmt::format("more than {} constants could hide an encoded payload; those "
                              "from byte {} on were not decoded",
                              limits_.max_blobs, offset));
    }
    return;
  }
  value.blob = static_cast<int>(blobs_.size());
  blobs_.push_back(Blob{value, data, offset, source, false});
}

void Machine::inspect_blobs() {
  bool noted_budget = false;
  for (const Blob& blob : blobs_) {
    if (blob.loaded) continue;
    if (decode_budget_ == 0) {
      if (!noted_budget) {
        add_finding(Safety::kSuspicious,
                    fmt::format("the cap on decoded bytes was reached; the constant at byte {} "
                                "and later ones were not decoded",
                                blob.offset));
      }
      return;
    }
    EmbeddedPayload payload = decode_embedded(blob.data, depth_, decode_budget_);
    if (payload.budget_exhausted && !noted_budget) {
      noted_budget = true;
      add_finding(Safety::kSuspicious,
                  fmt::format("the {} constant at byte {} decodes past owl's cap on decoded "
                              "bytes; only part of it was read",
                              blob.source, blob.offset));
    }
    if (payload.kind != EmbeddedPayload::Kind::kNothing) report_blob(blob, payload);
  }
}

void Machine::report_blob(const Blob& blob, EmbeddedPayload& payload) {
  const std::string what = fmt::format("the {} constant at byte {}", blob.source, blob.offset);
  const std::string chain = chain_of(payload);
  switch (payload.kind) {
    case EmbeddedPayload::Kind::kCode:
      add_finding(Safety::kSuspicious,
                  fmt::format("{}{} text that looks like shell or Python code (\"{}\": {})", what,
                              chain, payload.code_marker, payload.code_reason));
      return;
    case EmbeddedPayload::Kind::kTooDeep:
      add_finding(Safety::kSuspicious,
                  fmt::format("{}{} a pickle nested more than {} levels deep; not followed", what,
                              chain.empty() ? " is" : chain, kMaxNestingDepth));
      return;
    default: break;
  }
  const Safety safety = std::max(Safety::kSuspicious, payload.safety);
  add_finding(safety,
              fmt::format("{}{} an embedded pickle that {}; nothing in this stream loads "
                          "it, so it is {}",
                          what, chain.empty() ? " is" : chain, imports_summary(payload),
                          payload.safety == Safety::kDangerous ? "dangerous wherever it is loaded"
                                                               : "at least suspicious"));
  std::string where = what;
  for (const std::string& layer : payload.layers) where += " > " + layer;
  for (PickleImport& inner : payload.imports) {
    if (scan_.imports.size() >= limits_.max_imports) break;
    inner.nested_in = inner.nested_in.empty() ? where : where + " > " + inner.nested_in;
    scan_.imports.push_back(std::move(inner));
    import_states_.push_back(ImportState{});
    import_states_.back().verdict.safety = scan_.imports.back().safety;
  }
  for (const std::string& finding : payload.findings) {
    add_finding(finding_safety(finding),
                fmt::format("inside {}: {}", where, finding_text(finding)));
  }
}

}  // namespace owl::pickle
