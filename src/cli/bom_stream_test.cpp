// The streaming `owl bom`: over a set whose releases name bases inside it
// (chains, a derivative met before its base, a cycle) it writes the bytes
// the whole-vector renderers wrote, reproducible serial included, in both
// formats, whatever the number of jobs.
#include <gtest/gtest.h>

#include <cstdlib>

#include "builders/release_tree.h"
#include "owl/audit.h"
#include "owl/bom.h"
#include "owl/version.h"
#include "test_support.h"
#include "whole_set.h"

namespace owl {
namespace {

using testing::run_owl_under;
using testing::TempDir;

// The old `owl bom`: every audit held, reassess_scanned_set, the whole
// document rendered, and under SOURCE_DATE_EPOCH rendered twice, the serial
// from the first rendering's bytes.
std::string rendered_the_old_way(const std::string& dir, BomFormat format) {
  const auto audits = testing::whole_set(dir);
  const auto render = format == BomFormat::kSpdx ? &spdx_json : &cyclonedx_json;
  BomOptions stamp{kVersion, utc_timestamp(1700000000), "00000000-0000-0000-0000-000000000000"};
  stamp.serial_uuid = uuid_from_seed(render(audits, stamp));
  return render(audits, stamp) + "\n";
}

// tests/golden/bom-release-tree.*.json were written by `owl bom` before it
// streamed (commit 0a898e9) over this tree; OWL_UPDATE_GOLDEN=1 rewrites
// them (scripts/update-golden.sh) when the BOM is meant to change.
TEST(BomStreamGolden, ReleaseTreeGivesTheWholeSetBytes) {
  TempDir dir;
  testing::write_release_tree(dir.path(), 8, /*with_cycle=*/true);
  for (const auto& [format, name] :
       {std::pair{BomFormat::kCycloneDx, "cyclonedx"}, std::pair{BomFormat::kSpdx, "spdx"}}) {
    const auto one =
        run_owl_under("env SOURCE_DATE_EPOCH=1700000000",
                      std::string("bom -j 1 --format ") + name + " " + dir.path().string());
    const auto many =
        run_owl_under("env SOURCE_DATE_EPOCH=1700000000",
                      std::string("bom -j 3 --format ") + name + " " + dir.path().string());
    ASSERT_EQ(one.exit_code, 0) << one.err;
    EXPECT_GT(one.out.size(), 10000u);
    EXPECT_EQ(one.out, many.out) << name;
    EXPECT_EQ(one.out, rendered_the_old_way(dir.path().string(), format)) << name;
    // g000000-a-instruct (release 3) points at its base g000000-chat, met later.
    EXPECT_NE(
        one.out.find(format == BomFormat::kSpdx ? "/release/5\"" : "release-5/g000000-chat\""),
        std::string::npos);
    const auto golden = testing::source_dir() / "tests" / "golden" /
                        (std::string("bom-release-tree.") + name + ".json");
    if (std::getenv("OWL_UPDATE_GOLDEN"))
      testing::write_file(golden, one.out);
    else
      EXPECT_EQ(one.out, testing::read_file(golden))
          << name << ": differs from " << golden << " (scripts/update-golden.sh rewrites it)";
  }
}

}  // namespace
}  // namespace owl
