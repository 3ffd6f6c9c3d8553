// The person's pacer preset file (engine/pacer_preset_file.hpp).
#include <sys/stat.h>

#include <fstream>
#include <stdexcept>

#include <gtest/gtest.h>

#include <resonant/engine/pacer_preset_file.hpp>

#include "test_support.hpp"

namespace resonant::engine {
namespace {

using testing::TempDir;

PacerPreset preset(const char* name, double rate_bpm) {
  return PacerPreset{name, "", clamped(PacerSettings{rate_bpm, 0.4, 0.0, 0.0}), 0.0, false};
}

TEST(PacerPresetFile, AMissingFileIsNoPresetsAndNoProblem) {
  TempDir dir;
  const UserPresets p = load_user_presets(dir.path() / "none.tsv");
  EXPECT_TRUE(p.presets.empty());
  EXPECT_TRUE(p.problems.empty());
}

TEST(PacerPresetFile, StoredPresetsComeBackAndReplaceByName) {
  TempDir dir;
  const auto path = dir.path() / "sub" / "pacer-presets.tsv";  // the folder is created
  store_user_preset(path, preset("evening", 5.5));
  store_user_preset(path, preset("morning", 7.0));
  store_user_preset(path, preset("Evening", 5.0));  // same name, whatever the case
  const UserPresets p = load_user_presets(path);
  EXPECT_TRUE(p.problems.empty());
  ASSERT_EQ(p.presets.size(), 2u);
  EXPECT_EQ(p.presets[0].name, "Evening");
  EXPECT_NEAR(p.presets[0].settings.rate_bpm, 5.0, 1e-9);
  EXPECT_EQ(p.presets[1].name, "morning");
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "personal settings: owner only";
}

TEST(PacerPresetFile, NothingIsLostWhenTheFileHasALineThatCannotBeRead) {
  TempDir dir;
  const auto path = dir.path() / "pacer-presets.tsv";
  {
    std::ofstream out(path);
    out << "kept\t6\t0.4\t0\t0\nbroken line\n";
  }
  const UserPresets p = load_user_presets(path);
  ASSERT_EQ(p.presets.size(), 1u);
  ASSERT_EQ(p.problems.size(), 1u);
  EXPECT_NE(p.problems[0].find(path.string() + " line 2"), std::string::npos) << p.problems[0];
  EXPECT_THROW(store_user_preset(path, preset("new", 5.0)), std::runtime_error);
  std::ifstream in(path);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("broken line"), std::string::npos) << "the file was left as it was";
}

TEST(PacerPresetFile, BuiltInNamesAreRefused) {
  TempDir dir;
  EXPECT_THROW(store_user_preset(dir.path() / "p.tsv", preset("resonance", 6.0)),
               std::invalid_argument);
}

TEST(PacerPresetFile, TheListHasBuiltInsThenMyRateThenTheUsers) {
  const std::vector<PacerPreset> mine{preset("evening", 5.5)};
  const auto without = all_pacer_presets(mine, std::nullopt);
  const auto with = all_pacer_presets(mine, 5.2);
  ASSERT_EQ(with.size(), without.size() + 1);
  EXPECT_EQ(with[with.size() - 2].name, kMyResonancePresetName);
  EXPECT_NEAR(with[with.size() - 2].settings.rate_bpm, 5.2, 1e-9);
  EXPECT_EQ(with.back().name, "evening");
}

}  // namespace
}  // namespace resonant::engine
