// Stack, memo and container opcodes of the symbolic machine. Imports, calls
// and the final judgement live in pickle_machine_imports.cpp.
#include "read/pickle_machine.h"

#include <fmt/format.h>

namespace owl::pickle {

namespace {

std::string latin1_to_utf8(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (const char c : raw) {
    const auto byte = static_cast<uint8_t>(c);
    if (byte < 0x80) {
      out.push_back(c);
    } else {
      out.push_back(static_cast<char>(0xC0 | (byte >> 6)));
      out.push_back(static_cast<char>(0x80 | (byte & 0x3F)));
    }
  }
  return out;
}

Value owned_value(ValueKind kind, std::string text) {
  Value value;
  value.kind = kind;
  value.owned = std::make_shared<const std::string>(std::move(text));
  value.text = *value.owned;
  return value;
}

Value view_value(ValueKind kind, std::string_view text) {
  Value value;
  value.kind = kind;
  value.text = text;
  return value;
}

// Python's int() on a GET/PUT line: surrounding blanks, optional '+',
// digits with single underscores between them.
bool parse_memo_key(std::string_view text, uint64_t& key) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty() || text.front() == '_' || text.back() == '_') return false;
  key = 0;
  char previous = 0;
  for (const char c : text) {
    if (c == '_') {
      if (previous == '_') return false;
    } else if (c >= '0' && c <= '9') {
      if (key > (UINT64_MAX - 9) / 10) return false;
      key = key * 10 + static_cast<uint64_t>(c - '0');
    } else {
      return false;
    }
    previous = c;
  }
  return true;
}

}  // namespace

uint32_t Memo::slot_of(uint64_t key) const {
  if (key < dense_.size()) return dense_[key];
  const auto found = sparse_.find(key);
  return found == sparse_.end() ? 0 : found->second;
}

const Value* Memo::find(uint64_t key) const {
  const uint32_t slot = slot_of(key);
  return slot == 0 ? nullptr : &slots_[slot - 1];
}

void Memo::put(uint64_t key, const Value& value) {
  uint32_t slot = slot_of(key);
  if (slot == 0) ++size_;
  if (slot > 1) {
    slots_[slot - 1] = value;  // a key keeps its own slot, so overwrites never grow slots_
  } else if (value.kind == ValueKind::kOther) {
    slot = 1;
  } else {
    slots_.push_back(value);
    slot = static_cast<uint32_t>(slots_.size());
  }
  if (key < dense_.size()) {
    dense_[key] = slot;
  } else if (key == dense_.size() && sparse_.find(key) == sparse_.end()) {
    dense_.push_back(slot);
  } else {
    sparse_[key] = slot;
  }
}

Machine::Machine(uint64_t input_size, int depth, MachineLimits limits)
    : derived_budget_(input_size),
      decode_budget_(std::min(limits.max_decoded_bytes,
                              limits.decode_ratio * input_size + limits.decode_slack)),
      depth_(depth),
      limits_(limits) {}

size_t Machine::frame_size() const { return stack_.size() - (marks_.empty() ? 0 : marks_.back()); }

Status Machine::need(const Instruction& instruction, size_t count) const {
  if (frame_size() >= count) return Ok{};
  return Error::corrupt("", instruction.offset, "pickle.stack-underflow",
                        fmt::format("{} needs {} value(s) above the last MARK, found {}",
                                    instruction.info->name, count, frame_size()));
}

Status Machine::push(const Instruction& instruction, Value value) {
  if (stack_.size() >= limits_.max_stack) {
    return Error::limit("", instruction.offset, "pickle.stack-too-deep",
                        fmt::format("stack depth is capped at {} values", limits_.max_stack));
  }
  stack_.push_back(std::move(value));
  return Ok{};
}

Value Machine::pop() {
  Value value = std::move(stack_.back());
  stack_.pop_back();
  return value;
}

Expected<std::vector<Value>> Machine::pop_mark(const Instruction& instruction) {
  if (marks_.empty()) {
    return Error::corrupt(
        "", instruction.offset, "pickle.mark-missing",
        fmt::format("{} needs a MARK on the stack, found none", instruction.info->name));
  }
  const size_t mark = marks_.back();
  marks_.pop_back();
  std::vector<Value> items(std::make_move_iterator(stack_.begin() + static_cast<ptrdiff_t>(mark)),
                           std::make_move_iterator(stack_.end()));
  stack_.resize(mark);
  return items;
}

Value Machine::tuple_of(std::vector<Value> items) const {
  // Tuples only matter as the arguments of loaders and _codecs.encode, which
  // take a few strings or bytes; tracking every tuple would cost memory for
  // nothing on large state dicts.
  Value value;
  if (items.size() > limits_.max_tracked_tuple) return value;
  for (const Value& item : items) {
    if (item.kind != ValueKind::kString && item.kind != ValueKind::kBytes) return value;
  }
  value.kind = ValueKind::kTuple;
  static const auto kEmpty = std::make_shared<const std::vector<Value>>();
  value.items =
      items.empty() ? kEmpty : std::make_shared<const std::vector<Value>>(std::move(items));
  return value;
}

Status Machine::step(const Instruction& instruction, uint64_t remaining) {
  ++scan_.opcode_count;
  if (!seen_proto_) {
    scan_.protocol = std::max<int>(scan_.protocol, instruction.info->protocol);
  }
  switch (instruction.code()) {
    case op::kMark:
    case op::kPop:
    case op::kPopMark:
    case op::kDup: return step_stack(instruction);
    case op::kPut:
    case op::kBinPut:
    case op::kLongBinPut:
    case op::kMemoize:
    case op::kGet:
    case op::kBinGet:
    case op::kLongBinGet: return step_memo(instruction);
    case op::kAppend:
    case op::kAppends:
    case op::kList:
    case op::kDict:
    case op::kSetItem:
    case op::kSetItems:
    case op::kAddItems:
    case op::kFrozenSet:
    case op::kTuple:
    case op::kTuple1:
    case op::kTuple2:
    case op::kTuple3: return step_container(instruction);
    case op::kGlobal:
    case op::kStackGlobal:
    case op::kExt1:
    case op::kExt2:
    case op::kExt4: return step_import(instruction);
    case op::kInst:
    case op::kObj:
    case op::kReduce:
    case op::kNewObj:
    case op::kNewObjEx:
    case op::kBuild: return step_call(instruction);
    case op::kStop:
    case op::kProto:
    case op::kFrame:
    case op::kPersId:
    case op::kBinPersId:
    case op::kNextBuffer:
    case op::kReadonlyBuffer: return step_control(instruction, remaining);
    default: return step_value(instruction);
  }
}

Status Machine::step_stack(const Instruction& instruction) {
  switch (instruction.code()) {
    case op::kMark:
      if (marks_.size() >= limits_.max_marks) {
        return Error::limit("", instruction.offset, "pickle.too-many-marks",
                            fmt::format("MARK nesting is capped at {}", limits_.max_marks));
      }
      marks_.push_back(stack_.size());
      return Ok{};
    case op::kPop:
      // As in CPython: POP on an empty frame discards the MARK instead.
      if (frame_size() == 0 && !marks_.empty()) {
        marks_.pop_back();
        return Ok{};
      }
      if (Status ok = need(instruction, 1); !ok) return ok;
      pop();
      return Ok{};
    case op::kPopMark: {
      auto items = pop_mark(instruction);
      if (!items) return items.error();
      return Ok{};
    }
    default: {  // DUP
      if (Status ok = need(instruction, 1); !ok) return ok;
      Value copy = stack_.back();
      return push(instruction, std::move(copy));
    }
  }
}

Status Machine::step_value(const Instruction& instruction) {
  Value value;
  switch (instruction.code()) {
    case op::kString:
      value = owned_value(ValueKind::kString, decode_string_escapes(instruction.text));
      break;
    case op::kBinString:
    case op::kShortBinString:
      value = owned_value(ValueKind::kString, latin1_to_utf8(instruction.text));
      break;
    case op::kUnicode:
      value = owned_value(ValueKind::kString, decode_raw_unicode_escape(instruction.text));
      break;
    case op::kBinUnicode:
    case op::kShortBinUnicode:
    case op::kBinUnicode8: value = view_value(ValueKind::kString, instruction.text); break;
    case op::kBinBytes:
    case op::kShortBinBytes:
    case op::kBinBytes8:
    case op::kByteArray8: value = view_value(ValueKind::kBytes, instruction.text); break;
    case op::kEmptyTuple: return push(instruction, tuple_of({}));
    default:
      // Numbers, None, booleans, empty list/dict/set: their values never
      // decide an import.
      return push(instruction, Value{});
  }
  // A py2 STRING/BINSTRING holds bytes as latin-1 code points: the raw
  // argument is what a decoder would see.
  const bool latin1 = instruction.code() == op::kString || instruction.code() == op::kBinString ||
                      instruction.code() == op::kShortBinString;
  note_blob(value, instruction.offset, instruction.info->name,
            latin1 && instruction.code() != op::kString ? instruction.text : value.text);
  return push(instruction, std::move(value));
}

Status Machine::step_memo(const Instruction& instruction) {
  const uint8_t code = instruction.code();
  const bool is_get = code == op::kGet || code == op::kBinGet || code == op::kLongBinGet;
  uint64_t key = instruction.unsigned_arg;
  if (code == op::kGet || code == op::kPut) {
    if (!parse_memo_key(instruction.text, key)) {
      return Error::corrupt("", instruction.offset, "pickle.bad-argument",
                            fmt::format("{} expects a decimal memo key, found \"{}\"",
                                        instruction.info->name, instruction.text.substr(0, 32)));
    }
  }
  if (is_get) {
    const Value* found = memo_.find(key);
    if (found == nullptr) {
      return Error::corrupt(
          "", instruction.offset, "pickle.memo-missing",
          fmt::format("{} reads memo key {}, which was never stored", instruction.info->name, key));
    }
    Value copy = *found;
    return push(instruction, std::move(copy));
  }
  if (code == op::kMemoize) key = memo_.size();
  if (Status ok = need(instruction, 1); !ok) return ok;
  if (memo_.size() >= limits_.max_memo && !memo_.contains(key)) {
    return Error::limit("", instruction.offset, "pickle.memo-too-large",
                        fmt::format("memo is capped at {} entries", limits_.max_memo));
  }
  memo_.put(key, stack_.back());
  return Ok{};
}

Status Machine::step_container(const Instruction& instruction) {
  const uint8_t code = instruction.code();
  if (code == op::kTuple1 || code == op::kTuple2 || code == op::kTuple3) {
    const size_t count = static_cast<size_t>(code - op::kTuple1) + 1;
    if (Status ok = need(instruction, count); !ok) return ok;
    std::vector<Value> items(count);
    for (size_t i = count; i > 0; --i) items[i - 1] = pop();
    return push(instruction, tuple_of(std::move(items)));
  }
  if (code == op::kAppend || code == op::kSetItem) {
    const size_t count = code == op::kAppend ? 2 : 3;
    if (Status ok = need(instruction, count); !ok) return ok;
    for (size_t i = 1; i < count; ++i) pop();
    return Ok{};
  }
  auto items = pop_mark(instruction);
  if (!items) return items.error();
  if ((code == op::kDict || code == op::kSetItems) && items->size() % 2 != 0) {
    return Error::corrupt("", instruction.offset, "pickle.odd-items",
                          fmt::format("{} needs key/value pairs, found {} items",
                                      instruction.info->name, items->size()));
  }
  switch (code) {
    case op::kTuple: return push(instruction, tuple_of(std::move(*items)));
    case op::kList:
    case op::kDict:
    case op::kFrozenSet: return push(instruction, Value{});
    default: return need(instruction, 1);  // APPENDS, SETITEMS, ADDITEMS update the object below
  }
}

Status Machine::step_control(const Instruction& instruction, uint64_t remaining) {
  switch (instruction.code()) {
    case op::kProto:
      if (instruction.unsigned_arg > 5) {
        return Error::unsupported("", "pickle.unsupported-protocol",
                                  fmt::format("PROTO {} at byte {}: protocols 0-5 exist",
                                              instruction.unsigned_arg, instruction.offset));
      }
      if (!seen_proto_) scan_.protocol = static_cast<int>(instruction.unsigned_arg);
      seen_proto_ = true;
      return Ok{};
    case op::kFrame:
      if (instruction.unsigned_arg > remaining) {
        return Error::corrupt("", instruction.offset, "pickle.frame-overrun",
                              fmt::format("FRAME announces {} bytes, only {} remain",
                                          instruction.unsigned_arg, remaining));
      }
      return Ok{};
    case op::kPersId:
    case op::kNextBuffer: return push(instruction, Value{});
    case op::kBinPersId:
    case op::kReadonlyBuffer: {
      if (Status ok = need(instruction, 1); !ok) return ok;
      pop();
      return push(instruction, Value{});
    }
    default: {  // STOP
      if (Status ok = need(instruction, 1); !ok) return ok;
      stopped_ = true;
      scan_.complete = true;
      const size_t leftover = stack_.size() - 1;
      if (leftover > 0 || !marks_.empty()) {
        add_finding(Safety::kSuspicious,
                    fmt::format("STOP at byte {} leaves {} extra value(s) and {} open MARK(s) on "
                                "the stack: hand-crafted stream",
                                instruction.offset, leftover, marks_.size()));
      }
      return Ok{};
    }
  }
}

}  // namespace owl::pickle
