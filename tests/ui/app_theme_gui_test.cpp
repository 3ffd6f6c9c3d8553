// The resonant program under Xvfb with the bedtime screen and the light theme: screenshots
// are dim and warm with the pacer present (bedtime), or light (light theme). Settings come
// from a temporary XDG_CONFIG_HOME so the person's own never leak in.
#include <cstdlib>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <stb_image.h>

#include "test_support.hpp"

namespace {

using resonant::testing::binary_dir;
using resonant::testing::run_process;
using resonant::testing::TempDir;

constexpr double kMaxBedtimeMeanBrightness = 30.0;  // of 255: a dark room screen

struct Rgba {
  int width = 0;
  int height = 0;
  std::unique_ptr<unsigned char, decltype(&stbi_image_free)> pixels{nullptr, &stbi_image_free};
  const unsigned char* at(int x, int y) const {
    return pixels.get() + (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                           static_cast<std::size_t>(x)) * 4u;
  }
};

/// Runs resonant with args and a private config folder; decodes the screenshot.
Rgba shoot(const TempDir& dir, std::vector<std::string> args) {
  const std::string png = (dir.path() / "shot.png").string();
  std::vector<std::string> cmd{(binary_dir() / "src/app/resonant").string(), "--simulate", "--speed", "10",
                               "--no-save", "--frames", "120", "--screenshot", png};
  cmd.insert(cmd.end(), args.begin(), args.end());
  const auto r = run_process(cmd, std::chrono::seconds(120),
                             {"SDL_AUDIODRIVER=dummy", "XDG_CONFIG_HOME=" + (dir.path() / "cfg").string()});
  Rgba img;
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  int channels = 0;
  img.pixels.reset(stbi_load(png.c_str(), &img.width, &img.height, &channels, 4));
  return img;
}

double mean_brightness(const Rgba& img) {
  double sum = 0.0;
  long n = 0;
  for (int y = 0; y < img.height; y += 2) {
    for (int x = 0; x < img.width; x += 2) {
      const unsigned char* p = img.at(x, y);
      sum += (p[0] + p[1] + p[2]) / 3.0;
      ++n;
    }
  }
  return n > 0 ? sum / static_cast<double>(n) : 0.0;
}

TEST(AppThemeGui, BedtimeIsDimAndWarmWithALargePacer) {
  if (std::getenv("DISPLAY") == nullptr) {
    GTEST_SKIP() << "DISPLAY is not set; run the ui suite under `xvfb-run -a` to see the app";
  }
  TempDir dir;
  const Rgba img = shoot(dir, {"--screen", "bedtime"});
  ASSERT_NE(img.pixels, nullptr);
  EXPECT_LT(mean_brightness(img), kMaxBedtimeMeanBrightness);
  // The pacer: warm (red above blue) and lighter than the background around the centre.
  const unsigned char* centre = img.at(img.width / 2, img.height / 2);
  const unsigned char* corner = img.at(3, img.height - 4);
  EXPECT_GT(centre[0], centre[2] + 20) << "amber, not teal";
  EXPECT_GT(centre[0], corner[0] + 40) << "the pacer stands out from the background";
  EXPECT_LT(centre[0], 200) << "but nothing is bright";
  EXPECT_GE(corner[0], corner[2]) << "a warm brown-black background";
}

TEST(AppThemeGui, TheLightThemeIsLight) {
  if (std::getenv("DISPLAY") == nullptr) {
    GTEST_SKIP() << "DISPLAY is not set; run the ui suite under `xvfb-run -a` to see the app";
  }
  TempDir dir;
  const Rgba img = shoot(dir, {"--theme", "light"});
  ASSERT_NE(img.pixels, nullptr);
  const unsigned char* corner = img.at(3, img.height - 4);
  EXPECT_GT(corner[0], 220);
  EXPECT_GT(corner[1], 220);
  EXPECT_GT(corner[2], 220);
}

}  // namespace
