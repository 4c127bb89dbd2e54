#include <fmt/format.h>
#include <gtest/gtest.h>

#include "owl/audit.h"
#include "test_support.h"

namespace owl {
namespace {

using testing::TempDir;
using testing::write_file;

// Records what arrives, in arrival order.
class RecordingSink : public AuditSink {
 public:
  void on_release(ReleaseAudit&& audit) override { events.push_back(audit.release.name); }
  void on_error(const Error& error) override { events.push_back("error: " + error.file()); }
  std::vector<std::string> events;
};

TEST(AuditPathsParallel, DeliversInTheSerialOrderWhateverTheWorkerCount) {
  TempDir dir;
  for (int i = 0; i < 40; ++i)
    write_file(dir.path() / "cards" / fmt::format("org{:02}_model.md", i),
               fmt::format("---\nlicense: mit\n---\n# model {}\n", i));
  write_file(dir.path() / "other" / "README.md", "---\nlicense: apache-2.0\n---\n");
  const std::vector<std::string> paths = {(dir.path() / "cards").string(), "/nonexistent/owl",
                                          (dir.path() / "other").string()};
  RecordingSink serial;
  EXPECT_EQ(audit_paths(paths, AuditOptions{}, serial), 1u);
  ASSERT_EQ(serial.events.size(), 42u);
  EXPECT_EQ(serial.events.front(), "org00/model");
  EXPECT_EQ(serial.events[40], "error: /nonexistent/owl");
  EXPECT_EQ(serial.events[41], "other");
  for (unsigned workers : {1u, 3u, 8u}) {
    // Small windows force the finder to wait on delivery again and again
    // (it sleeps until half the window is free; with 1, until all of it).
    for (size_t window : {1u, 2u, 5u}) {
      RecordingSink parallel;
      EXPECT_EQ(
          audit_paths_parallel(paths, AuditOptions{}, parallel, ParallelOptions{workers, window}),
          1u);
      EXPECT_EQ(parallel.events, serial.events) << workers << " workers, window " << window;
    }
  }
}

TEST(AuditPathsParallel, NoPathsDeliversNothing) {
  RecordingSink sink;
  EXPECT_EQ(audit_paths_parallel({}, AuditOptions{}, sink), 0u);
  EXPECT_TRUE(sink.events.empty());
}

}  // namespace
}  // namespace owl
