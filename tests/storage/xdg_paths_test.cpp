#include <resonant/storage/xdg_paths.hpp>

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <optional>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace resonant::storage {
namespace {

using testing::ScopedEnv;

TEST(XdgPaths, FollowTheEnvironmentAndTheSpecDefaults) {
  ScopedEnv home("HOME", "/home/someone");
  {
    ScopedEnv data("XDG_DATA_HOME", nullptr);
    ScopedEnv config("XDG_CONFIG_HOME", nullptr);
    EXPECT_EQ(data_dir(), "/home/someone/.local/share/resonant");
    EXPECT_EQ(config_dir(), "/home/someone/.config/resonant");
  }
  {
    ScopedEnv data("XDG_DATA_HOME", "/srv/data");
    ScopedEnv config("XDG_CONFIG_HOME", "relative/is/ignored");
    EXPECT_EQ(data_dir(), "/srv/data/resonant");
    EXPECT_EQ(config_dir(), "/home/someone/.config/resonant");
  }
}

TEST(XdgPaths, PrivateFoldersAreCreatedForTheOwnerOnly) {
  testing::TempDir tmp;
  const auto dir = tmp.path() / "a" / "b" / "resonant";
  const PathResult r = ensure_private_dir(dir);
  ASSERT_TRUE(r.ok()) << r.error;
  struct stat st {};
  ASSERT_EQ(stat(dir.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
}

TEST(XdgPaths, AFolderThatCannotBeCreatedGivesAReadableError) {
  testing::TempDir tmp;
  const auto file = tmp.path() / "not-a-dir";
  { std::ofstream(file) << "x"; }
  const PathResult r = ensure_private_dir(file / "resonant");
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.error.find("cannot create folder"), std::string::npos) << r.error;
}

}  // namespace
}  // namespace resonant::storage
