// BomWriter itself: what a stream adds to the whole-vector BOMs (bom_test.cpp
// covers their fields): releases that never come, and the reproducible serial
// of a BOM written once.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "owl/bom.h"

namespace owl {
namespace {

using nlohmann::json;

const BomOptions options{"9.9.9", "2025-01-31T12:00:00Z", uuid_from_seed("test")};

// A release the walk counted that never came (a Hub id that failed) keeps
// its number, and a derivative does not point at it, even one written first.
TEST(BomWriter, AReleaseThatNeverCameIsNotPointedAt) {
  ReleaseNameIndex names(ReleaseNameIndex::KeepNames::kYes);
  for (const char* name : {"acme/tiny-llama", "meta-llama/Llama-3.1-8B", "acme/other"})
    names.add(name);
  names.seal();
  ReleaseAudit finetune;  // names the one that never comes as its base
  finetune.release.name = "acme/tiny-llama";
  finetune.release.datasets = {{"acme/chat-data", Source{"README.md", "line 7"}}};
  Ancestor base;
  base.name = "meta-llama/Llama-3.1-8B";
  finetune.assessment.lineage = {base};
  ReleaseAudit other;
  other.release.name = "acme/other";
  const auto missing = [](size_t release) { return release == 1; };
  std::ostringstream cdx_out, spdx_out;
  const auto cdx = BomWriter::create(BomFormat::kCycloneDx, cdx_out, names, options, missing);
  const auto spdx = BomWriter::create(BomFormat::kSpdx, spdx_out, names, options, missing);
  for (BomWriter* writer : {cdx.get(), spdx.get()}) {
    writer->add(finetune);
    writer->skip();
    writer->add(other);
    ASSERT_TRUE(writer->finish());
  }
  const json bom = json::parse(cdx_out.str());
  ASSERT_EQ(bom["components"].size(), 3u);  // two releases and the dataset
  EXPECT_EQ(bom["components"][1]["bom-ref"], "release-3/acme/other");
  const json& described = bom["components"][0]["pedigree"]["ancestors"][0];
  EXPECT_EQ(described["bom-ref"], "release-1/acme/tiny-llama/ancestor-1/meta-llama/Llama-3.1-8B");
  EXPECT_FALSE(described.contains("externalReferences"));  // not a BOM-Link
  size_t packages = 0;
  json roots;
  const json graph = json::parse(spdx_out.str())["@graph"];
  for (const auto& element : graph) {
    if (element["type"] == "ai_AIPackage") ++packages;
    if (element["type"] == "SpdxDocument") roots = element["rootElement"];
  }
  EXPECT_EQ(packages, 3u);  // the two releases and the base, described as an ancestor
  ASSERT_EQ(roots.size(), 2u);
  EXPECT_NE(roots[0].get<std::string>().find("/release/1"), std::string::npos);
  EXPECT_NE(roots[1].get<std::string>().find("/release/3"), std::string::npos);
}

// Under SOURCE_DATE_EPOCH the serial is uuid_from_seed of the document
// with the zero serial: the streamed copy gets it without a second render,
// wherever the placeholder falls (here across a 64 KiB read and the spill).
TEST(Bom, ReproducibleSerialIsTheOneRenderingTwiceGave) {
  const std::string placeholder = uuid_from_seed("placeholder");
  const std::string zero = "00000000-0000-0000-0000-000000000000";
  const auto document = [&](const std::string& serial) {
    return serial + std::string(SpillBuffer::kMemoryBytes + (1 << 16) - 10, 'a') + serial + "b" +
           serial;
  };
  SpillBuffer written;
  written.append(document(placeholder));
  std::ostringstream out;
  ASSERT_TRUE(copy_with_reproducible_serial(written, placeholder, out));
  EXPECT_EQ(out.str(), document(uuid_from_seed(document(zero))));
}

}  // namespace
}  // namespace owl
