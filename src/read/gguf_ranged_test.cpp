// A remote GGUF's prefix grows to where the reader expects its header to
// end: a large vocabulary costs a few ranged requests and not much more
// than its header's bytes. The sources count what they were asked for, so
// a broken estimate (blind doubling, a fetch of bytes already held) fails
// these tests.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "builders/gguf_builder.h"
#include "owl/byte_source.h"
#include "owl/gguf.h"
#include "read/artifact_readers.h"

namespace owl {
namespace {

using detail::ArtifactFacts;
using detail::RangedLimits;
using testing::GgufBuilder;

constexpr uint32_t kF32 = 0;

// Byte-level BPE tokens as a real vocabulary has them: mostly 2 to 8
// bytes, some up to 16, from a fixed-seed generator.
class TokenMaker {
 public:
  std::string next() {
    const uint32_t roll = step() % 100;
    const uint32_t length = roll < 85 ? 2 + step() % 7 : 9 + step() % 8;
    std::string token;
    for (uint32_t i = 0; i < length; ++i) token += static_cast<char>('a' + step() % 26);
    return token;
  }

 private:
  uint32_t step() {
    state_ = state_ * 1664525u + 1013904223u;
    return state_ >> 8;
  }
  uint32_t state_ = 20261206;
};

std::string string_array(uint64_t count, TokenMaker& maker, bool pairs) {
  std::string elements;
  for (uint64_t i = 0; i < count; ++i)
    elements += GgufBuilder::str(pairs ? maker.next() + " " + maker.next() : maker.next());
  return GgufBuilder::array(GgufType::kString, count, elements);
}

std::string fixed_array(GgufType type, uint64_t count, uint32_t element_bytes) {
  return GgufBuilder::array(type, count, std::string(count * element_bytes, '\0'));
}

// Tensor infos named as llama.cpp names them, small shapes: only the
// header's size matters here.
GgufBuilder& add_llama_tensors(GgufBuilder& builder, uint32_t blocks) {
  const char* const kPerBlock[] = {"attn_q",   "attn_k", "attn_v",    "attn_output", "ffn_gate",
                                   "ffn_down", "ffn_up", "attn_norm", "ffn_norm"};
  uint64_t offset = 0;
  for (uint32_t block = 0; block < blocks; ++block) {
    for (const char* name : kPerBlock) {
      builder.tensor("blk." + std::to_string(block) + "." + name + ".weight", {32, 32}, kF32,
                     offset);
      offset += 32 * 32 * 4;
    }
  }
  builder.data(offset);
  return builder;
}

// A Llama 3 style file: a 128,256-token BPE vocabulary, its token types
// and 280,000 merges (about 7 MB of metadata), a chat template, 288
// tensors.
std::string llama3_like_gguf() {
  TokenMaker maker;
  GgufBuilder builder;
  builder.kv_string("general.architecture", "llama")
      .kv_string("general.name", "Meta Llama 3 8B Instruct")
      .kv_string("general.license", "llama3")
      .kv_strings("general.tags", {"facebook", "meta", "pytorch", "llama", "llama-3"});
  for (const char* key :
       {"llama.block_count", "llama.context_length", "llama.embedding_length",
        "llama.feed_forward_length", "llama.attention.head_count", "llama.attention.head_count_kv",
        "llama.vocab_size", "llama.rope.dimension_count"})
    builder.kv_u32(key, 4096);
  builder.kv_string("tokenizer.ggml.model", "gpt2")
      .kv_string("tokenizer.ggml.pre", "llama-bpe")
      .kv("tokenizer.ggml.tokens", GgufType::kArray, string_array(128256, maker, false))
      .kv("tokenizer.ggml.token_type", GgufType::kArray, fixed_array(GgufType::kInt32, 128256, 4))
      .kv("tokenizer.ggml.merges", GgufType::kArray, string_array(280000, maker, true))
      .kv_u32("tokenizer.ggml.bos_token_id", 128000)
      .kv_u32("tokenizer.ggml.eos_token_id", 128009)
      .kv_string("tokenizer.chat_template", std::string(1500, 'x'))
      .kv_u32("general.quantization_version", 2);
  return add_llama_tensors(builder, 32).build();
}

// The GGUF of bench/gen_hub_fixture.py: a 32,000-token vocabulary with
// scores, 291 tensor infos.
std::string bench_gguf() {
  GgufBuilder builder;
  builder.kv_string("general.architecture", "llama")
      .kv_string("general.name", "bench")
      .kv_string("general.license", "apache-2.0")
      .kv_u32("llama.context_length", 32768);
  std::string tokens;
  for (int i = 0; i < 32000; ++i) tokens += GgufBuilder::str("tok" + std::to_string(i));
  builder
      .kv("tokenizer.ggml.tokens", GgufType::kArray,
          GgufBuilder::array(GgufType::kString, 32000, tokens))
      .kv("tokenizer.ggml.scores", GgufType::kArray, fixed_array(GgufType::kFloat32, 32000, 4));
  uint64_t offset = 0;
  for (int i = 0; i < 291; ++i) {
    builder.tensor("blk." + std::to_string(i / 9) + ".t" + std::to_string(i % 9) + ".weight",
                   {32, 32}, kF32, offset);
    offset += 32 * 32 * 4;
  }
  return builder.data(offset).build();
}

struct RangedRead {
  ArtifactFacts facts;
  size_t reads = 0;
  uint64_t bytes_read = 0;
  uint64_t header_bytes = 0;  // where the data section starts
};

RangedRead read_remotely(const std::string& bytes) {
  RangedMemorySource source({bytes.begin(), bytes.end()}, "model.gguf");
  RangedRead out;
  out.facts = detail::read_weights_file(
      FoundFile{"model.gguf", "model.gguf", bytes.size(), FileRole::kWeights, {}}, source);
  out.reads = source.reads();
  out.bytes_read = source.bytes_read();
  const Bytes whole(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  out.header_bytes = read_gguf(whole)->data_offset;
  return out;
}

TEST(GgufRanged, BenchVocabularyTakesAtMostTwoRequestsAfterTheSniff) {
  const RangedRead ranged = read_remotely(bench_gguf());
  ASSERT_FALSE(ranged.facts.artifact.error) << ranged.facts.artifact.error->message();
  EXPECT_EQ(ranged.facts.artifact.tensor_count, 291u);
  EXPECT_LE(ranged.reads, 1u + 2u);
  EXPECT_LT(ranged.bytes_read, ranged.header_bytes * 13 / 10);
  EXPECT_LT(ranged.bytes_read, 1'000'000u);  // issue #17's target for the whole model
}

TEST(GgufRanged, Vocabulary128kTakesThreeRequestsAndUnderOnePointThreeTimesItsHeader) {
  const RangedRead ranged = read_remotely(llama3_like_gguf());
  ASSERT_FALSE(ranged.facts.artifact.error) << ranged.facts.artifact.error->message();
  EXPECT_EQ(ranged.facts.artifact.tensor_count, 288u);
  EXPECT_GT(ranged.header_bytes, 6'000'000u);  // the vocabulary really is that large
  EXPECT_LE(ranged.reads, 1u + 3u);
  EXPECT_LT(ranged.bytes_read, ranged.header_bytes * 13 / 10);
}

// Every growth fetches only the tail it lacks: the bytes fetched are the
// final prefix, never a byte twice.
TEST(GgufRanged, GrowthFetchesOnlyTheMissingTail) {
  const std::string bytes = llama3_like_gguf();
  RangedMemorySource source({bytes.begin(), bytes.end()}, "model.gguf");
  RangedLimits limits;
  limits.first_read = 4096;
  const ArtifactFacts facts = detail::read_weights_file(
      FoundFile{"model.gguf", "model.gguf", bytes.size(), FileRole::kWeights, {}}, source, limits);
  ASSERT_FALSE(facts.artifact.error) << facts.artifact.error->message();
  const Bytes whole(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  EXPECT_LT(source.bytes_read(), read_gguf(whole)->data_offset * 13 / 10);
  EXPECT_LE(source.reads(), 5u);
}

// Inside the token array the estimate projects the array from the tokens
// read so far and the key/values and tensor infos after it; the header's
// true end lies within it plus the margin the ranged reader adds.
TEST(GgufRanged, PrefixInsideTheVocabularyEstimatesTheHeadersEnd) {
  const std::string bytes = bench_gguf();
  const Bytes whole(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  const uint64_t header_end = read_gguf(whole)->data_offset;
  GgufPrefixNeed need;
  const auto partial = read_gguf(whole.first(64 << 10), bytes.size(), need);
  ASSERT_FALSE(partial);
  EXPECT_EQ(partial.error().rule(), kGgufNeedsMoreBytes);
  EXPECT_GT(need.needed_end, uint64_t{64} << 10);
  ASSERT_TRUE(need.header_end.has_value());
  EXPECT_GT(*need.header_end, header_end * 8 / 10);
  EXPECT_LT(*need.header_end, header_end * 12 / 10);
}

// Before the key/values there is nothing to project from: no estimate,
// and the ranged reader doubles.
TEST(GgufRanged, PrefixInsideTheFixedHeaderHasNoEstimate) {
  const std::string bytes = bench_gguf();
  const Bytes whole(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  GgufPrefixNeed need;
  const auto partial = read_gguf(whole.first(12), bytes.size(), need);
  ASSERT_FALSE(partial);
  EXPECT_EQ(partial.error().rule(), kGgufNeedsMoreBytes);
  EXPECT_FALSE(need.header_end.has_value());
  EXPECT_EQ(need.needed_end, 16u);  // the tensor count's 8 bytes from offset 8
}

}  // namespace
}  // namespace owl
