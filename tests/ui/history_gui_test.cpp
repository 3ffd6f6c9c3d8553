// `resonant --screen history` under Xvfb over a temp database holding a few short simulated
// sessions recorded by resonant-cli: the screenshot shows the sessions card and the trend
// charts (warm practice bars, the lnRMSSD line) on the calm background.
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>
#include <stb_image.h>

#include "test_support.hpp"

namespace {

using resonant::testing::binary_dir;
using resonant::testing::run_process;
using resonant::testing::TempDir;

constexpr int kSessions = 2;

struct Png {
  int width = 0;
  int height = 0;
  unsigned char* pixels = nullptr;
  ~Png() { stbi_image_free(pixels); }
  const unsigned char* at(int x, int y) const {
    return pixels + (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                     static_cast<std::size_t>(x)) * 4u;
  }
};

/// Warm apricot (the heart colour, kHeart #E8B48E, drawn at 75 % over a card).
bool is_apricot(const unsigned char* p) { return p[0] > 150 && p[0] > p[2] + 40 && p[1] > 100; }

TEST(HistoryGui, ScreenshotShowsTheSessionsAndTrends) {
  if (std::getenv("DISPLAY") == nullptr) {
    GTEST_SKIP() << "DISPLAY is not set; run the ui suite under `xvfb-run -a` to see the app";
  }
  TempDir dir;
  const std::string db = (dir.path() / "history.db").string();
  for (int seed = 1; seed <= kSessions; ++seed) {
    const auto rec = run_process({(binary_dir() / "src/cli/resonant-cli").string(), "session",
                                  "--simulate", "--duration", "120", "--speed", "100", "--seed",
                                  std::to_string(seed), "--db", db},
                                 std::chrono::seconds(60));
    ASSERT_FALSE(rec.timed_out);
    ASSERT_EQ(rec.exit_code, 0) << rec.err;
  }
  const std::string png = (dir.path() / "history.png").string();
  const auto r = run_process({(binary_dir() / "src/app/resonant").string(), "--simulate",
                              "--no-save", "--db", db, "--screen", "history", "--frames", "60",
                              "--screenshot", png},
                             std::chrono::seconds(120));
  ASSERT_FALSE(r.timed_out);
  ASSERT_EQ(r.exit_code, 0) << "stdout: " << r.out << "\nstderr: " << r.err;

  Png img;
  int channels = 0;
  img.pixels = stbi_load(png.c_str(), &img.width, &img.height, &channels, 4);
  ASSERT_NE(img.pixels, nullptr) << "cannot decode " << png;
  ASSERT_GE(img.width, 1280);
  // The calm background in the corner, no pacer on this screen.
  const unsigned char* corner = img.at(2, img.height - 3);
  EXPECT_NEAR(corner[0], 0x1B, 4);
  EXPECT_NEAR(corner[1], 0x22, 4);
  EXPECT_NEAR(corner[2], 0x30, 4);
  // The practice bar and the lnRMSSD line (apricot) are in the trends card (right side);
  // the sessions list (left) is written in light text.
  int apricot_right = 0;
  int apricot_left = 0;
  int bright_left = 0;
  for (int y = 0; y < img.height; y += 2) {
    for (int x = 0; x < img.width; x += 2) {
      const unsigned char* p = img.at(x, y);
      if (is_apricot(p)) ++(x > img.width * 6 / 10 ? apricot_right : apricot_left);
      if (x < img.width / 2 && p[0] > 200 && p[1] > 200 && p[2] > 200) ++bright_left;
    }
  }
  EXPECT_GT(apricot_right, 100) << "the trend charts are drawn";
  EXPECT_EQ(apricot_left, 0) << "nothing warm in the sessions list";
  EXPECT_GT(bright_left, 150) << "the sessions are listed";
}

}  // namespace
