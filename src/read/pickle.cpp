// scan_pickle: drives the opcode decoder through the symbolic machine.
#include "owl/pickle.h"

#include <fmt/format.h>

#include <algorithm>

#include "read/pickle_internal.h"
#include "read/pickle_machine.h"
#include "read/pickle_opcodes.h"

namespace owl {

namespace {

// Past this many opcodes a walk stops with a limit error; a 64 MiB data.pkl
// of a large model has well under 30 million.
constexpr uint64_t kMaxOpcodes = uint64_t{1} << 26;
// Past this many faults (undecodable bytes, stack underflows, ...) the rest
// of the input is not read as a pickle.
constexpr uint64_t kMaxFaults = 4096;

bool plausible_dotted_name(std::string_view text) {
  if (text.empty() || text.size() > 256 || text.front() == '.' || text.back() == '.') return false;
  if (text.front() >= '0' && text.front() <= '9') return false;
  char previous = 0;
  for (const char c : text) {
    const bool word =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!word && c != '.') return false;
    if (c == '.' && previous == '.') return false;
    previous = c;
  }
  return true;
}

// Opcodes a stream without PROTO plausibly opens with: protocol 0/1 values,
// MARK, GLOBAL and empty containers, plus SHORT_BINUNICODE, which
// hand-written payloads use for STACK_GLOBAL operands. Binary-only openers
// such as NEWFALSE (0x89, the first byte of a PNG) are left out on purpose.
bool plausible_first_opcode(uint8_t code) {
  using namespace pickle::op;
  switch (code) {
    case kMark:
    case kGlobal:
    case kEmptyDict:
    case kEmptyList:
    case kEmptyTuple:
    case kNone:
    case kInt:
    case kLong:
    case kFloat:
    case kString:
    case kUnicode:
    case kBinInt:
    case kBinInt1:
    case kBinInt2:
    case kBinFloat:
    case kBinString:
    case kShortBinString:
    case kBinUnicode:
    case kShortBinUnicode: return true;
    default: return false;
  }
}

bool plausible_instruction(const pickle::Instruction& instruction) {
  const uint8_t code = instruction.code();
  if (code != pickle::op::kGlobal && code != pickle::op::kInst) return true;
  return plausible_dotted_name(instruction.text) && plausible_dotted_name(instruction.text2);
}

}  // namespace

namespace pickle {

std::string make_finding(Safety safety, std::string_view text) {
  return fmt::format("{}: {}", to_string(safety), text);
}

Safety write_findings(std::vector<std::pair<Safety, std::string>>& findings,
                      std::vector<std::string>& out) {
  std::stable_sort(findings.begin(), findings.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  Safety worst = Safety::kSafe;
  for (const auto& [safety, text] : findings) {
    worst = std::max(worst, safety);
    out.push_back(make_finding(safety, text));
  }
  return worst;
}

Safety finding_safety(std::string_view finding) {
  if (finding.starts_with("dangerous: ")) return Safety::kDangerous;
  if (finding.starts_with("suspicious: ")) return Safety::kSuspicious;
  return Safety::kSafe;
}

std::string_view finding_text(std::string_view finding) {
  const size_t colon = finding.find(": ");
  if (colon == std::string_view::npos || finding_safety(finding) == Safety::kSafe) {
    return finding.starts_with("safe: ") ? finding.substr(6) : finding;
  }
  return finding.substr(colon + 2);
}

Error needs_more_bytes(const InputExtent& extent, uint64_t at, uint64_t needed_end) {
  if (extent.need != nullptr) extent.need->needed_end = needed_end;
  return Error::limit("", at, std::string(kPickleNeedsMoreBytes),
                      "the pickle goes on past the bytes at hand");
}

Expected<PickleScan> scan_pickle_at_depth(Bytes bytes, uint64_t base_offset, int depth) {
  return scan_pickle_at_depth(bytes, base_offset, depth, whole_input(bytes));
}

// Over a prefix (extent.need set, extent.size past the bytes), every place
// the walk would see the end of the bytes asks for more instead: so the
// walk never judges a cut, and what it returns is what the whole input
// gives. Sizes the machine weighs (its decode budget, a FRAME's room) are
// the whole input's.
Expected<PickleScan> scan_pickle_at_depth(Bytes bytes, uint64_t base_offset, int depth,
                                          const InputExtent& extent) {
  const bool goes_on = extent.goes_on_past(bytes.size());
  const uint64_t unseen = goes_on ? extent.size - bytes.size() : 0;
  if (bytes.empty()) {
    if (goes_on) return needs_more_bytes(extent, base_offset, 0);
    return Error::corrupt("", base_offset, "pickle.empty",
                          "expected a pickle opcode, found no bytes");
  }
  Machine machine(bytes.size() + unseen, depth);
  ByteCursor cursor(bytes, base_offset);
  uint64_t opcodes = 0;
  uint64_t faults = 0;
  std::optional<Error> error;
  uint64_t end_offset = cursor.offset();
  // A fault does not end the walk: strict loaders stop there, lenient ones
  // (the pure-Python unpickler, pickletools) read on, so owl reads on too and
  // judges what follows. Only running out of bytes, a hard cap, or too many
  // faults (the rest is not a pickle any more) ends it early.
  while (!machine.stopped()) {
    end_offset = cursor.offset();
    if (opcodes == kMaxOpcodes) {
      error = Error::limit("", end_offset, "pickle.too-many-opcodes",
                           fmt::format("a pickle is walked for at most {} opcodes", kMaxOpcodes));
      break;
    }
    if (faults == kMaxFaults) {
      error = Error::limit("", end_offset, "pickle.too-many-faults",
                           fmt::format("the walk stops after {} faults", kMaxFaults));
      break;
    }
    if (cursor.at_end() && goes_on) return needs_more_bytes(extent, end_offset, 0);
    if (cursor.at_end() && opcodes > 0) {
      error = Error::corrupt("", end_offset, "pickle.truncated",
                             "expected an opcode (the stream ended without STOP)");
      break;
    }
    uint64_t payload_end = 0;
    auto instruction = pickle::read_instruction(cursor, pickle::PayloadMode::kStrict, &payload_end);
    if (!instruction && goes_on && instruction.error().rule() == "pickle.truncated")
      return needs_more_bytes(extent, end_offset, payload_end);
    if (!instruction) {
      // Nothing decoded at all: this is not a pickle, so say so as an Error.
      if (opcodes == 0) return instruction.error();
      ++faults;
      machine.note_fault(instruction.error());
      cursor.seek(end_offset);
      instruction = pickle::read_instruction(cursor, pickle::PayloadMode::kTakeRest);
      if (!instruction) {
        // Resynchronise on the next byte: an unknown opcode or a bad argument
        // hides nothing a byte-by-byte reader would not find.
        cursor.seek(end_offset + 1);
        continue;
      }
    }
    ++opcodes;
    if (Status ok = machine.step(*instruction, cursor.remaining() + unseen); !ok) {
      if (ok.error().kind() == ErrorKind::kLimit) {
        error = ok.error();
        break;
      }
      ++faults;
      machine.note_fault(ok.error());
    }
  }
  if (machine.stopped()) end_offset = cursor.offset();
  const uint64_t trailing = machine.stopped() ? cursor.remaining() + unseen : 0;
  return machine.finish(end_offset, trailing, std::move(error));
}

}  // namespace pickle

Expected<PickleScan> scan_pickle(Bytes bytes, uint64_t base_offset) {
  return pickle::scan_pickle_at_depth(bytes, base_offset, 0);
}

bool looks_like_pickle(Bytes bytes) {
  return *pickle::looks_like_pickle_prefix(bytes, pickle::whole_input(bytes));
}

std::optional<bool> pickle::looks_like_pickle_prefix(Bytes bytes, const InputExtent& extent) {
  const bool goes_on = extent.goes_on_past(bytes.size());
  if (bytes.size() < 2) return goes_on ? std::nullopt : std::optional<bool>(false);
  if (bytes[0] == pickle::op::kProto) return bytes[1] <= 5;
  if (!plausible_first_opcode(bytes[0])) return false;
  ByteCursor cursor(bytes);
  for (int i = 0; i < 2; ++i) {
    auto instruction = pickle::read_instruction(cursor);
    if (!instruction && goes_on && instruction.error().rule() == "pickle.truncated")
      return std::nullopt;
    if (!instruction || !plausible_instruction(*instruction)) return false;
    // A GLOBAL with identifier-like names is evidence enough on its own.
    if (instruction->code() == pickle::op::kGlobal) return true;
    if (instruction->code() == pickle::op::kStop) return i > 0;
  }
  return true;
}

}  // namespace owl
