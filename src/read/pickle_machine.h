// A symbolic pickle machine: the unpickler's stack, mark stack and memo with
// values reduced to what matters for safety (strings, bytes, imported globals,
// call results and small tuples). Nothing is imported or called.
//
// Why a model instead of pattern matching on neighbouring opcodes: module and
// name strings reach STACK_GLOBAL through the memo (BINGET of a MEMOIZEd
// string), DUP, or as results of earlier imports, and only a stack tracks that
// faithfully. Every structure is capped (stack depth, marks, memo entries,
// imports); a cap stops the walk with an Error of kind kLimit.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "owl/pickle.h"
#include "read/pickle_opcodes.h"
#include "read/pickle_policy.h"

namespace owl::pickle {

struct EmbeddedPayload;

struct MachineLimits {
  size_t max_stack = size_t{1} << 18;
  size_t max_marks = size_t{1} << 16;
  size_t max_memo = size_t{1} << 21;
  size_t max_imports = size_t{1} << 16;
  size_t max_calls = size_t{1} << 16;
  // Constants that may hide a payload (see pickle_embedded.h) and the bytes
  // decoding them may produce: at most decode_ratio per input byte plus
  // decode_slack, and never more than max_decoded_bytes, so nested payloads
  // cannot multiply the work without end.
  size_t max_blobs = size_t{1} << 14;
  uint64_t max_decoded_bytes = uint64_t{16} << 20;
  uint64_t decode_ratio = 64;
  uint64_t decode_slack = uint64_t{64} << 10;
  size_t max_tracked_tuple = 3;  // larger tuples, or ones holding more than strings and
                                 // bytes, are kept as opaque values
};

enum class ValueKind : uint8_t { kOther, kString, kBytes, kGlobal, kCallResult, kTuple };

struct Value {
  ValueKind kind = ValueKind::kOther;
  // kString: UTF-8 text; kBytes: content. Views either the input or `owned`.
  std::string_view text;
  std::shared_ptr<const std::string> owned;
  int import_index = -1;  // kGlobal: the import; kCallResult: the callee import, if known
  std::shared_ptr<const std::vector<Value>> items;  // kTuple
  int blob = -1;  // kString/kBytes: its entry in the machine's blobs, if it may hide a payload
};

// The unpickler's memo, compact: CPython numbers entries 0, 1, 2, ... so
// those keys live in a vector of slot numbers, other keys in a map. Values
// that can never matter (numbers, containers) share slot 0 instead of being
// copied, which keeps a million-entry memo in a few megabytes.
class Memo {
 public:
  size_t size() const { return size_; }
  bool contains(uint64_t key) const { return slot_of(key) != 0; }
  const Value* find(uint64_t key) const;
  void put(uint64_t key, const Value& value);

 private:
  uint32_t slot_of(uint64_t key) const;  // 0 when absent, else slot + 1

  std::vector<uint32_t> dense_;
  std::unordered_map<uint64_t, uint32_t> sparse_;
  std::vector<Value> slots_{Value{}};  // slots_[0] is the shared opaque value
  size_t size_ = 0;
};

class Machine {
 public:
  // `input_size` bounds the bytes derived from the stream (nested payloads
  // followed, _codecs.encode results): a payload reused through the memo
  // cannot multiply the work or memory.
  Machine(uint64_t input_size, int depth, MachineLimits limits = {});

  // Applies one instruction; `remaining` is what follows it in the input.
  // An Error means the unpickler would stop here too.
  Status step(const Instruction& instruction, uint64_t remaining);
  bool stopped() const { return stopped_; }

  // Records a rule the stream broke at an instruction the walk then read past
  // (a strict loader stops there). The first becomes the scan's error; each
  // is a suspicious finding (a few in full, then a count); imports found
  // afterwards are marked after_fault.
  void note_fault(const Error& fault);

  // The scan so far, with findings judged and sorted. `error` is why the walk
  // ended early, if it did.
  PickleScan finish(uint64_t end_offset, uint64_t trailing_bytes, std::optional<Error> error);

 private:
  struct ImportState {
    Verdict verdict;
  };
  // A constant that may hide a payload, decoded at the end unless a nested
  // loader followed it already.
  struct Blob {
    Value value;              // keeps owned text alive
    std::string_view data;    // the bytes a decoder sees
    uint64_t offset = 0;      // of the instruction that made it
    std::string_view source;  // that instruction's name, or "_codecs.encode"
    bool loaded = false;
  };

  Status step_stack(const Instruction& instruction);
  Status step_value(const Instruction& instruction);
  Status step_memo(const Instruction& instruction);
  Status step_container(const Instruction& instruction);
  Status step_import(const Instruction& instruction);
  Status step_call(const Instruction& instruction);
  Status step_control(const Instruction& instruction, uint64_t remaining);

  Status need(const Instruction& instruction, size_t count) const;
  Status push(const Instruction& instruction, Value value);
  Value pop();
  Expected<std::vector<Value>> pop_mark(const Instruction& instruction);
  size_t frame_size() const;
  Value tuple_of(std::vector<Value> items) const;

  int add_import(std::string module, std::string name, const Instruction& instruction);
  Status check_import_cap(const Instruction& instruction) const;
  Status stack_global(const Instruction& instruction);
  Status ext_import(const Instruction& instruction);
  void note_call(const Value& callee, const Instruction& instruction);
  void record_call(const Value& callee, const Instruction& instruction);
  Value call_result(const Value& callee, const Value& args, const Instruction& instruction);
  void follow_nested_payload(int import_index, const Value& args, const Instruction& instruction);
  void note_blob(Value& value, uint64_t offset, std::string_view source, std::string_view data);
  void inspect_blobs();
  void report_blob(const Blob& blob, EmbeddedPayload& payload);
  void raise_import(int index, Safety safety, std::string reason);
  void add_finding(Safety safety, std::string text);
  std::string import_label(int index) const;
  void judge_imports();

  uint64_t derived_budget_;  // bytes still allowed for nested scans and encode results
  uint64_t decode_budget_;   // bytes still allowed for decoding blobs
  int depth_;
  MachineLimits limits_;
  std::vector<Value> stack_;
  std::vector<size_t> marks_;  // stack sizes at each MARK
  Memo memo_;
  std::vector<ImportState> import_states_;
  std::vector<Blob> blobs_;
  bool noted_blob_cap_ = false;
  std::vector<std::pair<Safety, std::string>> findings_;
  PickleScan scan_;
  bool seen_proto_ = false;
  bool stopped_ = false;
  bool noted_call_of_call_ = false;
  bool noted_budget_ = false;
  uint64_t faults_ = 0;
};

}  // namespace owl::pickle
