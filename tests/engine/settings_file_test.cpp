// settings.toml: every key round-trips through the file, a bad file names file:line and gives
// the defaults without touching the file, and set_setting checks values.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include <resonant/engine/settings_file.hpp>

namespace resonant::engine {
namespace {

namespace fs = std::filesystem;

class SettingsFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("resonant-settings-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path path() const { return dir_ / "resonant" / "settings.toml"; }
  void write(const std::string& text) const {
    fs::create_directories(path().parent_path());
    std::ofstream(path()) << text;
  }
  std::string read() const {
    std::ifstream in(path());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  fs::path dir_;
};

TEST_F(SettingsFile, EveryKeyRoundTripsAndTheFileIsPrivate) {
  AppSettings s;
  ASSERT_EQ(set_setting(s, "theme", "night"), "");
  ASSERT_EQ(set_setting(s, "font_scale", "1.25"), "");
  ASSERT_EQ(set_setting(s, "reduced_motion", "true"), "");
  ASSERT_EQ(set_setting(s, "pacer_shape", "wave"), "");
  ASSERT_EQ(set_setting(s, "pacer_sound", "chime"), "");
  ASSERT_EQ(set_setting(s, "pacer_volume", "0.3"), "");
  ASSERT_EQ(set_setting(s, "last_preset", "my \"slow\" one\\"), "");
  ASSERT_EQ(set_setting(s, "window_width", "1600"), "");
  ASSERT_EQ(set_setting(s, "window_height", "900"), "");
  ASSERT_EQ(set_setting(s, "window_x", "-20"), "");
  ASSERT_EQ(set_setting(s, "window_y", "40"), "");
  ASSERT_EQ(set_setting(s, "tachogram_window_s", "300"), "");
  ASSERT_EQ(set_setting(s, "bedtime_minutes", "20"), "");
  EXPECT_NE(s, AppSettings{}) << "every key changed something";

  save_settings(path(), s);
  struct stat st {};
  ASSERT_EQ(::stat(path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const LoadedSettings back = load_settings(path());
  EXPECT_EQ(back.problem, "");
  EXPECT_TRUE(back.exists);
  EXPECT_EQ(back.settings, s);
  EXPECT_EQ(get_setting(back.settings, "last_preset"), "my \"slow\" one\\");
  EXPECT_EQ(get_setting(back.settings, "font_scale"), "1.25");
  EXPECT_EQ(setting_keys().size(), 13u);
}

// Dotfiles kept in another folder and linked in stay linked: the link's file is written (an
// export's --out refuses links; a person's own config follows them).
TEST_F(SettingsFile, ALinkedSettingsFileStaysLinked) {
  fs::create_directories(path().parent_path());
  fs::create_directories(dir_ / "dotfiles");
  std::ofstream(dir_ / "dotfiles" / "settings.toml") << "theme = \"light\"\n";
  fs::create_symlink(dir_ / "dotfiles" / "settings.toml", path());
  AppSettings s;
  ASSERT_EQ(set_setting(s, "theme", "night"), "");
  save_settings(path(), s);
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(path())));
  EXPECT_EQ(load_settings(dir_ / "dotfiles" / "settings.toml").settings, s);
}

TEST_F(SettingsFile, AMissingFileGivesTheDefaultsWithoutAProblem) {
  const LoadedSettings l = load_settings(path());
  EXPECT_FALSE(l.exists);
  EXPECT_EQ(l.problem, "");
  EXPECT_EQ(l.settings, AppSettings{});
  EXPECT_EQ(get_setting(l.settings, "window_x"), "") << "no position saved yet";
  EXPECT_EQ(format_settings(l.settings).find("window_x"), std::string::npos);
}

TEST_F(SettingsFile, ABadFileNamesFileAndLineUsesDefaultsAndIsLeftAlone) {
  const std::string text = "theme = \"night\"\n# a comment\nfont_scale = 3\n";
  write(text);
  const LoadedSettings l = load_settings(path());
  EXPECT_EQ(l.problem, path().string() +
                           ":3: font_scale 3 is outside 0.8..2; using the default settings (the "
                           "file stays as it is until you change a setting)");
  EXPECT_EQ(l.settings, AppSettings{}) << "the theme on line 1 is not half-applied";
  EXPECT_EQ(read(), text);

  write("theme = \"night\"\nspeed = 2\n");
  EXPECT_EQ(load_settings(path()).problem.rfind(path().string() + ":2: unknown setting 'speed'", 0), 0u);
  write("theme = night\n");
  EXPECT_EQ(load_settings(path()).problem.rfind(path().string() + ":1: ", 0), 0u) << "TOML syntax";
  write("reduced_motion = \"yes\"\n");
  EXPECT_EQ(load_settings(path()).problem.rfind(path().string() + ":1: reduced_motion must be true or false", 0),
            0u);
  write("theme = \"sepia\"\n");
  EXPECT_EQ(load_settings(path()).problem.rfind(path().string() + ":1: theme 'sepia' is not one of", 0), 0u);
}

TEST_F(SettingsFile, SetSettingChecksValuesAndLeavesTheSettingsAsTheyWere) {
  AppSettings s;
  EXPECT_EQ(set_setting(s, "window_width", "100.5"), "window_width 100.5 is outside 320..10000");
  EXPECT_EQ(set_setting(s, "window_width", "1000.5"), "window_width must be a whole number, not '1000.5'");
  EXPECT_EQ(set_setting(s, "pacer_volume", "loud"), "pacer_volume must be a number, not 'loud'");
  EXPECT_EQ(set_setting(s, "bedtime_minutes", "nan"), "bedtime_minutes must be a number, not 'nan'");
  EXPECT_EQ(set_setting(s, "colour", "red").rfind("unknown setting 'colour' (known: theme, font_scale", 0), 0u);
  EXPECT_FALSE(is_setting_key("colour"));
  EXPECT_EQ(s, AppSettings{});
}

}  // namespace
}  // namespace resonant::engine
