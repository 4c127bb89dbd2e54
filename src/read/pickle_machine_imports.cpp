// Imports, calls and judgement in the symbolic pickle machine.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "read/pickle_internal.h"
#include "read/pickle_machine.h"

namespace owl::pickle {

namespace {

// Faults after this many are counted, not listed.
constexpr uint64_t kFaultsInFull = 4;

bool is_codecs_encode(const PickleImport& import) {
  return python3_module(import.module) == "_codecs" && import.name == "encode";
}

// Text whose code points all fit in one byte, as latin-1 bytes.
bool utf8_to_latin1(std::string_view text, std::string& out) {
  out.clear();
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<uint8_t>(text[i]);
    if (byte < 0x80) {
      out.push_back(static_cast<char>(byte));
    } else if ((byte == 0xC2 || byte == 0xC3) && i + 1 < text.size()) {
      const auto next = static_cast<uint8_t>(text[i + 1]);
      out.push_back(static_cast<char>(((byte & 0x03) << 6) | (next & 0x3F)));
      ++i;
    } else {
      return false;
    }
  }
  return true;
}

std::string describe_operand(const Value& value) {
  switch (value.kind) {
    case ValueKind::kString: return std::string(value.text.substr(0, 200));
    case ValueKind::kGlobal: return "<imported object>";
    case ValueKind::kCallResult: return "<call result>";
    case ValueKind::kBytes: return "<bytes>";
    case ValueKind::kTuple: return "<tuple>";
    default: return "<unknown>";
  }
}

}  // namespace

Status Machine::check_import_cap(const Instruction& instruction) const {
  if (scan_.imports.size() < limits_.max_imports) return Ok{};
  return Error::limit("", instruction.offset, "pickle.too-many-imports",
                      fmt::format("imports are capped at {}", limits_.max_imports));
}

int Machine::add_import(std::string module, std::string name, const Instruction& instruction) {
  PickleImport import;
  import.module = std::move(module);
  import.name = std::move(name);
  import.opcode = std::string(instruction.info->name);
  import.offset = instruction.offset;
  import.after_fault = faults_ > 0;
  ImportState state;
  state.verdict = classify_global(import.module, import.name);
  import.safety = state.verdict.safety;
  import.reason = state.verdict.reason;
  scan_.imports.push_back(std::move(import));
  import_states_.push_back(std::move(state));
  return static_cast<int>(scan_.imports.size() - 1);
}

Status Machine::step_import(const Instruction& instruction) {
  if (Status ok = check_import_cap(instruction); !ok) return ok;
  switch (instruction.code()) {
    case op::kGlobal: {
      Value global;
      global.kind = ValueKind::kGlobal;
      global.import_index =
          add_import(std::string(instruction.text), std::string(instruction.text2), instruction);
      return push(instruction, std::move(global));
    }
    case op::kStackGlobal: return stack_global(instruction);
    default: return ext_import(instruction);
  }
}

Status Machine::stack_global(const Instruction& instruction) {
  if (Status ok = need(instruction, 2); !ok) return ok;
  const Value name = pop();
  const Value module = pop();
  Value global;
  global.kind = ValueKind::kGlobal;
  if (module.kind == ValueKind::kString && name.kind == ValueKind::kString) {
    global.import_index = add_import(std::string(module.text), std::string(name.text), instruction);
    return push(instruction, std::move(global));
  }
  global.import_index = add_import(describe_operand(module), describe_operand(name), instruction);
  const auto computed = [](const Value& v) {
    return v.kind == ValueKind::kGlobal || v.kind == ValueKind::kCallResult;
  };
  if (computed(module) || computed(name)) {
    raise_import(global.import_index, Safety::kDangerous,
                 "STACK_GLOBAL operands are objects computed while loading, so the real import "
                 "target is hidden");
  } else {
    raise_import(global.import_index, Safety::kSuspicious,
                 "STACK_GLOBAL operands are not strings the scanner can follow");
  }
  return push(instruction, std::move(global));
}

Status Machine::ext_import(const Instruction& instruction) {
  const int64_t code = instruction.code() == op::kExt4
                           ? instruction.signed_arg
                           : static_cast<int64_t>(instruction.unsigned_arg);
  if (code <= 0) {
    return Error::corrupt(
        "", instruction.offset, "pickle.bad-argument",
        fmt::format("{} code must be > 0, found {}", instruction.info->name, code));
  }
  Value global;
  global.kind = ValueKind::kGlobal;
  global.import_index = add_import("<copyreg extension>", std::to_string(code), instruction);
  raise_import(global.import_index, Safety::kSuspicious,
               fmt::format("extension code {} resolves through the copyreg registry at load time "
                           "(empty in a stock interpreter)",
                           code));
  return push(instruction, std::move(global));
}

Status Machine::step_call(const Instruction& instruction) {
  switch (instruction.code()) {
    case op::kInst: {
      if (Status ok = check_import_cap(instruction); !ok) return ok;
      Value klass;
      klass.kind = ValueKind::kGlobal;
      klass.import_index =
          add_import(std::string(instruction.text), std::string(instruction.text2), instruction);
      auto args = pop_mark(instruction);
      if (!args) return args.error();
      note_call(klass, instruction);
      return push(instruction, call_result(klass, tuple_of(std::move(*args)), instruction));
    }
    case op::kObj: {
      auto items = pop_mark(instruction);
      if (!items) return items.error();
      if (items->empty()) {
        return Error::corrupt("", instruction.offset, "pickle.stack-underflow",
                              "OBJ needs a class after its MARK, found nothing");
      }
      const Value klass = items->front();
      note_call(klass, instruction);
      items->erase(items->begin());
      return push(instruction, call_result(klass, tuple_of(std::move(*items)), instruction));
    }
    case op::kBuild: {
      if (Status ok = need(instruction, 2); !ok) return ok;
      pop();  // the state
      const Value& target = stack_.back();
      record_call(target, instruction);
      if (target.kind == ValueKind::kGlobal) {
        add_finding(Safety::kDangerous,
                    fmt::format("BUILD at byte {} sets attributes on the imported object {} itself "
                                "(monkey-patching a module or class)",
                                instruction.offset, import_label(target.import_index)));
      }
      return Ok{};
    }
    default: {  // REDUCE, NEWOBJ (callee, args), NEWOBJ_EX (callee, args, kwargs)
      const size_t operands = instruction.code() == op::kNewObjEx ? 3 : 2;
      if (Status ok = need(instruction, operands); !ok) return ok;
      if (operands == 3) pop();
      const Value args = pop();
      const Value callee = pop();
      note_call(callee, instruction);
      return push(instruction, call_result(callee, args, instruction));
    }
  }
}

void Machine::record_call(const Value& callee, const Instruction& instruction) {
  if (scan_.calls.size() >= limits_.max_calls) {
    ++scan_.calls_not_recorded;
    return;
  }
  const bool known = (callee.kind == ValueKind::kGlobal || callee.kind == ValueKind::kCallResult) &&
                     callee.import_index >= 0;
  scan_.calls.push_back(PickleCall{std::string(instruction.info->name), instruction.offset,
                                   known ? import_label(callee.import_index) : std::string()});
}

void Machine::note_call(const Value& callee, const Instruction& instruction) {
  record_call(callee, instruction);
  if (callee.kind == ValueKind::kGlobal && callee.import_index >= 0) {
    scan_.imports[static_cast<size_t>(callee.import_index)].called = true;
  } else if (callee.kind == ValueKind::kCallResult && !noted_call_of_call_) {
    noted_call_of_call_ = true;
    add_finding(
        Safety::kSuspicious,
        fmt::format("{} at byte {} calls an object returned by an earlier call ({}): a "
                    "call gadget standard picklers do not emit",
                    instruction.info->name, instruction.offset, import_label(callee.import_index)));
  }
}

Value Machine::call_result(const Value& callee, const Value& args, const Instruction& instruction) {
  Value result;
  result.kind = ValueKind::kCallResult;
  if (callee.kind != ValueKind::kGlobal || callee.import_index < 0) return result;
  result.import_index = callee.import_index;
  const auto index = static_cast<size_t>(callee.import_index);
  if (import_states_[index].verdict.nested_loader) {
    follow_nested_payload(callee.import_index, args, instruction);
  }
  // _codecs.encode(text, "latin1") is how protocol 2 spells bytes; keep
  // them so a nested loader fed by it can still be followed.
  const bool two_strings = args.kind == ValueKind::kTuple && args.items->size() == 2 &&
                           (*args.items)[0].kind == ValueKind::kString &&
                           (*args.items)[1].kind == ValueKind::kString;
  if (is_codecs_encode(scan_.imports[index]) && two_strings) {
    const std::string_view encoding = (*args.items)[1].text;
    std::string bytes;
    const std::string_view text = (*args.items)[0].text;
    if ((encoding == "latin1" || encoding == "latin-1" || encoding == "iso-8859-1") &&
        text.size() <= derived_budget_ && utf8_to_latin1(text, bytes)) {
      derived_budget_ -= text.size();
      result.kind = ValueKind::kBytes;
      result.owned = std::make_shared<const std::string>(std::move(bytes));
      result.text = *result.owned;
      result.import_index = -1;
      note_blob(result, instruction.offset, "_codecs.encode", result.text);
    }
  }
  return result;
}

void Machine::follow_nested_payload(int import_index, const Value& args,
                                    const Instruction& instruction) {
  const bool literal =
      args.kind == ValueKind::kTuple && !args.items->empty() &&
      ((*args.items)[0].kind == ValueKind::kBytes || (*args.items)[0].kind == ValueKind::kString);
  const std::string label = import_label(import_index);
  if (!literal) {
    raise_import(import_index, Safety::kSuspicious,
                 "called with a computed argument, so the pickle it loads cannot be checked");
    return;
  }
  // The loader's payload is followed (or refused) here, not again as an
  // embedded blob.
  if (const int blob = (*args.items)[0].blob; blob >= 0) {
    blobs_[static_cast<size_t>(blob)].loaded = true;
  }
  if (depth_ + 1 > kMaxNestingDepth) {
    add_finding(Safety::kSuspicious,
                fmt::format("{} at byte {} loads a pickle nested more than {} levels deep; not "
                            "followed",
                            label, instruction.offset, kMaxNestingDepth));
    return;
  }
  // A py2 str payload holds bytes as latin-1 code points; undo that.
  const Value& argument = (*args.items)[0];
  std::string latin1;
  const std::string_view payload =
      argument.kind == ValueKind::kString && utf8_to_latin1(argument.text, latin1)
          ? std::string_view(latin1)
          : argument.text;
  if (payload.size() > derived_budget_) {
    if (!noted_budget_) {
      noted_budget_ = true;
      add_finding(Safety::kSuspicious,
                  fmt::format("{} at byte {} is fed more nested payload bytes than the stream "
                              "holds (a payload reused through the memo); not followed",
                              label, instruction.offset));
    }
    raise_import(import_index, Safety::kSuspicious, "its nested payload was not followed");
    return;
  }
  derived_budget_ -= payload.size();
  NestedScan nested = scan_nested_payload(
      Bytes(reinterpret_cast<const uint8_t*>(payload.data()), payload.size()), depth_ + 1);
  const std::string where = fmt::format("{} at byte {}", label, instruction.offset);
  if (nested.safety != Safety::kSafe) {
    raise_import(import_index, nested.safety,
                 fmt::format("the {}-byte payload it loads is {}", payload.size(),
                             to_string(nested.safety)));
  }
  for (PickleImport& inner : nested.imports) {
    if (scan_.imports.size() >= limits_.max_imports) break;
    inner.nested_in = inner.nested_in.empty() ? where : where + " > " + inner.nested_in;
    scan_.imports.push_back(std::move(inner));
    import_states_.push_back(ImportState{});
    import_states_.back().verdict.safety = scan_.imports.back().safety;
  }
  for (const std::string& finding : nested.findings) {
    add_finding(finding_safety(finding),
                fmt::format("inside the payload of {}: {}", where, finding_text(finding)));
  }
}

void Machine::raise_import(int index, Safety safety, std::string reason) {
  if (index < 0) return;
  PickleImport& import = scan_.imports[static_cast<size_t>(index)];
  if (safety < import.safety) return;
  import.safety = safety;
  import.reason = std::move(reason);
}

void Machine::add_finding(Safety safety, std::string text) {
  findings_.emplace_back(safety, std::move(text));
}

std::string Machine::import_label(int index) const {
  if (index < 0) return "an unknown callable";
  const PickleImport& import = scan_.imports[static_cast<size_t>(index)];
  return import.module + "." + import.name;
}

void Machine::judge_imports() {
  // One finding per distinct unsafe module.name, at its first occurrence.
  std::map<std::string, size_t> occurrences;
  std::vector<size_t> firsts;
  for (size_t i = 0; i < scan_.imports.size(); ++i) {
    const PickleImport& import = scan_.imports[i];
    // Nested imports arrive already judged inside the nested findings.
    if (import.safety == Safety::kSafe || !import.nested_in.empty()) continue;
    const std::string key = import.module + "." + import.name + "|" + import.nested_in;
    if (occurrences[key]++ == 0) firsts.push_back(i);
  }
  for (const size_t i : firsts) {
    const PickleImport& import = scan_.imports[i];
    const size_t more = occurrences[import.module + "." + import.name + "|" + import.nested_in] - 1;
    std::string text =
        fmt::format("import {}.{} ({} at byte {}{}{}{}): {}", import.module, import.name,
                    import.opcode, import.offset, import.called ? ", called" : "",
                    import.after_fault ? ", after the stream broke a rule" : "",
                    more > 0 ? fmt::format(", {} more", more) : std::string(), import.reason);
    add_finding(import.safety, std::move(text));
  }
}

void Machine::note_fault(const Error& fault) {
  if (!scan_.error) scan_.error = fault;
  if (++faults_ > kFaultsInFull) return;
  add_finding(Safety::kSuspicious,
              fmt::format("the stream is malformed: {} (a strict loader stops there; lenient "
                          "loaders and owl read on)",
                          fault.message()));
}

PickleScan Machine::finish(uint64_t end_offset, uint64_t trailing_bytes,
                           std::optional<Error> error) {
  scan_.end_offset = end_offset;
  scan_.trailing_bytes = trailing_bytes;
  inspect_blobs();
  judge_imports();
  if (error) {
    add_finding(Safety::kSuspicious, fmt::format("the walk stopped: {}", error->message()));
    if (!scan_.error) scan_.error = std::move(error);
  }
  if (faults_ > kFaultsInFull) {
    add_finding(Safety::kSuspicious,
                fmt::format("{} more faults after those listed", faults_ - kFaultsInFull));
  }
  if (scan_.error) scan_.complete = false;
  std::stable_sort(findings_.begin(), findings_.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  scan_.safety = Safety::kSafe;
  for (const PickleImport& import : scan_.imports)
    scan_.safety = std::max(scan_.safety, import.safety);
  for (auto& [safety, text] : findings_) {
    scan_.safety = std::max(scan_.safety, safety);
    scan_.findings.push_back(make_finding(safety, text));
  }
  findings_.clear();
  return std::move(scan_);
}

}  // namespace owl::pickle
