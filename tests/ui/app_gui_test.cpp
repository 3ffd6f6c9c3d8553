// The resonant program, run as a child process. Under Xvfb (the suite runs in
// `xvfb-run -a`) it renders frames and writes a screenshot we look into; without a display
// it must say so in one clear line. Windows are created only inside test bodies (the
// child process), never at test discovery.
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <stb_image.h>

#include "test_support.hpp"

namespace {

using resonant::testing::binary_dir;
using resonant::testing::run_process;
using resonant::testing::TempDir;

std::string resonant_binary() { return (binary_dir() / "src/app/resonant").string(); }

struct Image {
  int width = 0;
  int height = 0;
  unsigned char* pixels = nullptr;
  ~Image() { stbi_image_free(pixels); }
  const unsigned char* at(int x, int y) const {
    return pixels + (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                     static_cast<std::size_t>(x)) * 4u;
  }
};

bool is_teal(const unsigned char* p) {
  return p[1] > p[0] + 30 && p[2] > p[0] + 30 && p[1] > 110;
}

TEST(AppGui, ScreenshotShowsThePacerAndTimesFrames) {
  if (std::getenv("DISPLAY") == nullptr) {
    GTEST_SKIP() << "DISPLAY is not set; run the ui suite under `xvfb-run -a` to see the app";
  }
  TempDir dir;
  const std::string png = (dir.path() / "out.png").string();
  const auto r = run_process({resonant_binary(), "--simulate", "--speed", "10", "--frames", "240",
                              "--screenshot", png},
                             std::chrono::seconds(120));
  ASSERT_FALSE(r.timed_out);
  ASSERT_EQ(r.exit_code, 0) << "stdout: " << r.out << "\nstderr: " << r.err;
  // 240 frames rendered; the statistics cover all but the first (one-time GPU set-up).
  const std::regex line(
      R"(frame time: median \d+\.\d\d ms, p99 \d+\.\d\d ms over 239 frames \(first frame \d+\.\d ms\))");
  EXPECT_TRUE(std::regex_search(r.out, line)) << r.out;

  Image img;
  int channels = 0;
  img.pixels = stbi_load(png.c_str(), &img.width, &img.height, &channels, 4);
  ASSERT_NE(img.pixels, nullptr) << "cannot decode " << png;
  ASSERT_GE(img.width, 1280);  // larger only on a HiDPI display
  ASSERT_GE(img.height, 800);

  // The background is the theme's deep blue-grey (#1B2230) in the corners.
  const unsigned char* corner = img.at(2, img.height - 3);
  EXPECT_NEAR(corner[0], 0x1B, 4);
  EXPECT_NEAR(corner[1], 0x22, 4);
  EXPECT_NEAR(corner[2], 0x30, 4);

  // The pacer: soft teal around its centre, on the left ~60 % of the window, vertically
  // in the middle of the main area. The smallest circle is larger than this box, so the
  // box is teal at any point of the breath (minus the word written in the middle).
  const int cx = img.width * 3 / 10;
  const int cy = img.height * 19 / 40;  // the main area sits below the top bar
  const int half = img.height / 16;
  int teal = 0;
  int total = 0;
  for (int y = cy - half; y <= cy + half; ++y) {
    for (int x = cx - half; x <= cx + half; ++x) {
      teal += is_teal(img.at(x, y)) ? 1 : 0;
      ++total;
    }
  }
  EXPECT_GT(teal, total / 2) << teal << " of " << total << " pixels near the pacer centre are teal";

  // Not blank or uniform: many distinct colours and some bright text.
  int bright = 0;
  std::vector<bool> seen(1u << 15, false);
  int distinct = 0;
  for (int y = 0; y < img.height; y += 2) {
    for (int x = 0; x < img.width; x += 2) {
      const unsigned char* p = img.at(x, y);
      const unsigned key = (p[0] >> 3u) << 10u | (p[1] >> 3u) << 5u | (p[2] >> 3u);
      if (!seen[key]) {
        seen[key] = true;
        ++distinct;
      }
      bright += (p[0] > 200 && p[1] > 200 && p[2] > 200) ? 1 : 0;
    }
  }
  EXPECT_GT(distinct, 200);
  EXPECT_GT(bright, 200) << "light text (numbers, labels) is drawn";
  // No teal on the far right edge: the pacer stays in its column.
  for (int y = 0; y < img.height; y += 4) {
    EXPECT_FALSE(is_teal(img.at(img.width - 3, y))) << "y " << y;
  }
}

TEST(AppGui, WithoutADisplayItSaysSoInOneLine) {
  const auto r = run_process({resonant_binary(), "--simulate", "--frames", "5"},
                             std::chrono::seconds(60), {"DISPLAY=", "WAYLAND_DISPLAY="});
  ASSERT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("resonant: no display available"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("DISPLAY"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("resonant-cli"), std::string::npos) << "names the headless way: " << r.err;
  std::size_t lines = 0;
  for (char c : r.err) lines += c == '\n' ? 1u : 0u;
  EXPECT_EQ(lines, 1u) << r.err;
  EXPECT_EQ(r.out.find("frame time"), std::string::npos);
}

TEST(AppGui, HelpExplainsTheOptions) {
  const auto r = run_process({resonant_binary(), "--help"}, std::chrono::seconds(30),
                             {"DISPLAY="});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* opt : {"--simulate", "--port", "--protocol", "--speed", "--seed",
                          "--scenario", "--frames", "--screenshot", "--size", "--pacer-shape",
                          "--feedback-tab", "--pacer-sound", "--pacer-preset", "--pacer-ramp"}) {
    EXPECT_NE(r.out.find(opt), std::string::npos) << opt << " missing from\n" << r.out;
  }
  EXPECT_NE(r.out.find("not a medical device"), std::string::npos) << r.out;
}

TEST(AppGui, DrawsTheWaveWithSoundCuesAndAPreset) {
  if (std::getenv("DISPLAY") == nullptr) {
    GTEST_SKIP() << "DISPLAY is not set; run the ui suite under `xvfb-run -a` to see the app";
  }
  TempDir dir;
  const std::string png = (dir.path() / "wave.png").string();
  // SDL's dummy audio driver: the cues are generated and played, silently.
  const auto r = run_process({resonant_binary(), "--simulate", "--no-save", "--frames", "30",
                              "--pacer-shape", "wave", "--pacer-sound", "tone",
                              "--pacer-preset", "box", "--screenshot", png},
                             std::chrono::seconds(120),
                             {"SDL_AUDIODRIVER=dummy", "XDG_CONFIG_HOME=" + dir.path().string()});
  ASSERT_FALSE(r.timed_out);
  ASSERT_EQ(r.exit_code, 0) << "stdout: " << r.out << "\nstderr: " << r.err;
  EXPECT_EQ(r.err, "") << "no complaints with a working (dummy) sound driver";
  Image img;
  int channels = 0;
  img.pixels = stbi_load(png.c_str(), &img.width, &img.height, &channels, 4);
  ASSERT_NE(img.pixels, nullptr) << "cannot decode " << png;
  // The wave's curve and its dot are teal, in the pacer's (left) column only.
  int teal_left = 0;
  for (int y = 0; y < img.height; y += 2) {
    for (int x = 0; x < img.width * 3 / 5; x += 2) teal_left += is_teal(img.at(x, y)) ? 1 : 0;
  }
  EXPECT_GT(teal_left, 300);
  for (int y = 0; y < img.height; y += 4) {
    EXPECT_FALSE(is_teal(img.at(img.width - 3, y))) << "y " << y;
  }
}

bool is_heart(const unsigned char* p) {  // the warm apricot of heart data (#E8B48E)
  return p[0] > 150 && p[0] > p[2] + 45 && p[1] > p[2] + 15;
}

// The main screen's live-feedback cards: coherence (teal sparkline) under the heart card, and
// the feedback card's spectrum tab (apricot curve) at the bottom right. At 100x the simulated
// person has breathed several minutes, so both have data.
TEST(AppGui, MainScreenShowsCoherenceAndTheSpectrumTab) {
  if (std::getenv("DISPLAY") == nullptr) {
    GTEST_SKIP() << "DISPLAY is not set; run the ui suite under `xvfb-run -a` to see the app";
  }
  TempDir dir;
  const std::string png = (dir.path() / "feedback.png").string();
  const auto r = run_process({resonant_binary(), "--simulate", "--speed", "100", "--no-save",
                              "--frames", "240", "--feedback-tab", "spectrum", "--screenshot", png},
                             std::chrono::seconds(120),
                             {"SDL_AUDIODRIVER=dummy", "XDG_CONFIG_HOME=" + dir.path().string(),
                              "XDG_DATA_HOME=" + dir.path().string()});
  ASSERT_FALSE(r.timed_out);
  ASSERT_EQ(r.exit_code, 0) << "stdout: " << r.out << "\nstderr: " << r.err;
  Image img;
  int channels = 0;
  img.pixels = stbi_load(png.c_str(), &img.width, &img.height, &channels, 4);
  ASSERT_NE(img.pixels, nullptr) << "cannot decode " << png;
  const auto count = [&](int x0, int x1, int y0, int y1, bool (*pred)(const unsigned char*)) {
    int n = 0;
    for (int y = y0; y < y1; y += 2) {
      for (int x = x0; x < x1; x += 2) n += pred(img.at(x, y)) ? 1 : 0;
    }
    return n;
  };
  const int right = img.width * 3 / 5;
  // Coherence card (~40-56 % of the height, right column): its teal sparkline.
  EXPECT_GT(count(right, img.width, img.height * 40 / 100, img.height * 56 / 100, is_teal), 40);
  // Feedback card (~60-92 %): the spectrum's apricot curve and fill, and no apricot heart
  // line in the pacer's column.
  EXPECT_GT(count(right, img.width, img.height * 60 / 100, img.height * 92 / 100, is_heart), 60);
  EXPECT_EQ(count(0, img.width * 9 / 20, img.height * 60 / 100, img.height * 80 / 100, is_heart), 0);
}

TEST(AppGui, AnUnknownPresetIsNamedWithTheChoices) {
  if (std::getenv("DISPLAY") == nullptr) {
    GTEST_SKIP() << "DISPLAY is not set; run the ui suite under `xvfb-run -a` to see the app";
  }
  TempDir dir;
  const auto r = run_process({resonant_binary(), "--no-save", "--pacer-preset", "nope"},
                             std::chrono::seconds(60), {"XDG_CONFIG_HOME=" + dir.path().string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no pacer preset named 'nope'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("'4-7-8'"), std::string::npos) << r.err;
}

TEST(AppGui, RejectsABadSize) {
  const auto r = run_process({resonant_binary(), "--size", "huge"}, std::chrono::seconds(30),
                             {"DISPLAY="});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("--size"), std::string::npos) << r.err;
}

TEST(AppGui, NoBeltIsOnlyForTheSimulatedPerson) {
  // Parsing fails before any display is needed: the message is about the options.
  const auto r = run_process({resonant_binary(), "--port", "/dev/ttyUSB0", "--no-belt"},
                             std::chrono::seconds(30), {"DISPLAY=", "WAYLAND_DISPLAY="});
  ASSERT_FALSE(r.timed_out);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("--port excludes --no-belt"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("no display"), std::string::npos) << r.err;
  // With the simulated person the options parse and only the missing display stops it.
  const auto ok = run_process({resonant_binary(), "--simulate", "--no-belt", "--frames", "1"},
                              std::chrono::seconds(30), {"DISPLAY=", "WAYLAND_DISPLAY="});
  ASSERT_FALSE(ok.timed_out);
  EXPECT_NE(ok.err.find("no display"), std::string::npos) << ok.err;
  EXPECT_EQ(ok.err.find("excludes"), std::string::npos) << ok.err;
  const auto help = run_process({resonant_binary(), "--help"}, std::chrono::seconds(30),
                                {"DISPLAY="});
  EXPECT_NE(help.out.find("--no-belt"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("estimated from the heart rhythm"), std::string::npos) << help.out;
}

bool is_apricot(const unsigned char* p) { return p[0] > 180 && p[0] > p[2] + 50 && p[1] > 130; }

/// Runs the app on one screen and decodes its screenshot.
void screenshot_of(const std::string& screen, const TempDir& dir, Image& img) {
  const std::string png = (dir.path() / (screen + ".png")).string();
  const auto r = run_process({resonant_binary(), "--simulate", "--speed", "100", "--frames", "300",
                              "--no-save", "--screen", screen, "--screenshot", png},
                             std::chrono::seconds(120),
                             {"SDL_AUDIODRIVER=dummy", "XDG_CONFIG_HOME=" + dir.path().string(),
                              "XDG_DATA_HOME=" + dir.path().string()});
  ASSERT_FALSE(r.timed_out);
  ASSERT_EQ(r.exit_code, 0) << "stdout: " << r.out << "\nstderr: " << r.err;
  int channels = 0;
  img.pixels = stbi_load(png.c_str(), &img.width, &img.height, &channels, 4);
  ASSERT_NE(img.pixels, nullptr) << "cannot decode " << png;
}

int count_in(const Image& img, int x0, int x1, int y0, int y1, bool (*pred)(const unsigned char*)) {
  int n = 0;
  for (int y = y0; y < y1; y += 2) {
    for (int x = x0; x < x1; x += 2) n += pred(img.at(x, y)) ? 1 : 0;
  }
  return n;
}

bool is_bright(const unsigned char* p) { return p[0] > 200 && p[1] > 200 && p[2] > 200; }

TEST(AppGui, PrepareScreenShowsTheSensorCheckAndRatings) {
  if (std::getenv("DISPLAY") == nullptr) {
    GTEST_SKIP() << "DISPLAY is not set; run the ui suite under `xvfb-run -a` to see the app";
  }
  TempDir dir;
  Image img;
  screenshot_of("prepare", dir, img);
  // Text and sliders on the left half; the right half is the quiet background.
  EXPECT_GT(count_in(img, 0, img.width / 2, 0, img.height, is_bright), 100);
  EXPECT_EQ(count_in(img, img.width * 3 / 4, img.width, 0, img.height * 9 / 10, is_teal), 0);
  // The "beats arriving" tick is drawn in the heart's apricot.
  EXPECT_GT(count_in(img, 0, img.width / 2, 0, img.height, is_apricot), 20);
}

TEST(AppGui, DebriefScreenShowsFiguresAndCharts) {
  if (std::getenv("DISPLAY") == nullptr) {
    GTEST_SKIP() << "DISPLAY is not set; run the ui suite under `xvfb-run -a` to see the app";
  }
  TempDir dir;
  Image img;
  screenshot_of("debrief", dir, img);
  // Figures on the left, the heart-rate chart (apricot) top right, coherence (teal) below.
  EXPECT_GT(count_in(img, 0, img.width / 2, 0, img.height / 2, is_bright), 100);
  EXPECT_GT(count_in(img, img.width / 2, img.width, 0, img.height / 2, is_apricot), 100);
  EXPECT_GT(count_in(img, img.width / 2, img.width, img.height / 2, img.height, is_teal), 100);
}

}  // namespace

// "my resonance rate" is offered once an assessment has stored a rate for the client (the
// app reads it through the engine at start): before, the preset is unknown; after, it runs.
TEST(AppGui, MyResonanceRatePresetComesFromTheStoredAssessment) {
  if (std::getenv("DISPLAY") == nullptr) {
    GTEST_SKIP() << "DISPLAY is not set; run the ui suite under `xvfb-run -a` to see the app";
  }
  TempDir dir;
  const std::string db = (dir.path() / "sessions.db").string();
  const std::string cli = (binary_dir() / "src/cli/resonant-cli").string();
  const std::vector<std::string> env{"XDG_CONFIG_HOME=" + dir.path().string(),
                                     "XDG_DATA_HOME=" + dir.path().string()};
  const auto app = [&] {
    return run_process({resonant_binary(), "--simulate", "--no-save", "--db", db, "--frames",
                        "5", "--pacer-preset", "my resonance rate"},
                       std::chrono::seconds(60), env);
  };
  const auto before = app();
  EXPECT_EQ(before.exit_code, 1) << before.err;
  EXPECT_NE(before.err.find("no pacer preset named 'my resonance rate'"), std::string::npos)
      << before.err;

  const auto assessed = run_process({cli, "session", "--simulate", "--speed", "100", "--seed", "1",
                                     "--protocol-name", "resonance_assessment", "--db", db},
                                    std::chrono::seconds(120), env);
  ASSERT_EQ(assessed.exit_code, 0) << assessed.err;
  const auto after = app();
  EXPECT_EQ(after.exit_code, 0) << after.err;
}
