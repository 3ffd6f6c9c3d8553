// The office card, full screen and the sensor panel, as the real `resonant` draws them under
// Xvfb (--screenshot), looked into pixel by pixel.
#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "png_image.hpp"
#include "test_support.hpp"

namespace {

using resonant::testing::binary_dir;
using resonant::testing::run_process;
using resonant::testing::TempDir;
using resonant::ui::testing::Png;

std::string resonant_binary() { return (binary_dir() / "src/app/resonant").string(); }

bool is_heart(const unsigned char* p) { return p[0] > 180 && p[0] > p[2] + 50 && p[1] > 130; }
bool is_text(const unsigned char* p) { return p[0] > 170 && p[1] > 170 && p[2] > 170; }

#define SKIP_WITHOUT_DISPLAY()                                                              \
  if (std::getenv("DISPLAY") == nullptr) {                                                 \
    GTEST_SKIP() << "DISPLAY is not set; run the ui suite under `xvfb-run -a` to see the app"; \
  }

resonant::testing::ProcessResult shoot(const TempDir& dir, const std::string& png,
                                       std::vector<std::string> args) {
  std::vector<std::string> cmd{resonant_binary(), "--simulate", "--no-save"};
  cmd.insert(cmd.end(), args.begin(), args.end());
  cmd.insert(cmd.end(), {"--screenshot", png});
  return run_process(cmd, std::chrono::seconds(90),
                     {"SDL_AUDIODRIVER=dummy", "XDG_CONFIG_HOME=" + (dir.path() / "cfg").string(),
                      "XDG_DATA_HOME=" + (dir.path() / "data").string()});
}

// A block marked 20-60 s at 40x is finished by frame 180 (3 s of screen time, 120 s of
// session): its card (apricot "HR +x bpm" under the label) sits in the office strip at the
// bottom left, and the feedback card on the right keeps its plot (apricot heart line).
TEST(OfficeScreensGui, MarkedBlockShowsAFinishedCardAtBothSizes) {
  SKIP_WITHOUT_DISPLAY();
  TempDir dir;
  for (const char* size : {"1280x800", "1024x640"}) {
    const std::string png = (dir.path() / (std::string(size) + ".png")).string();
    const auto r = shoot(dir, png, {"--speed", "40", "--office", "--mark", "20:grounding", "--mark",
                                    "60:grounding:end", "--frames", "180", "--size", size});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const Png img(png);
    ASSERT_NE(img.pixels, nullptr) << size;
    const int w = img.width;
    const int h = img.height;
    // The card region: left half, between 70 % and 92 % of the height.
    const int card_y0 = h * 70 / 100;
    const int card_y1 = h * 92 / 100;
    EXPECT_GT(img.count(0, w / 2, card_y0, card_y1, is_heart), 40) << size << ": the card's HR line";
    EXPECT_GT(img.colours(0, w / 2, card_y0, card_y1), 12u) << size << ": the card has text";
    // The feedback plot on the right is not covered by the strip.
    EXPECT_GT(img.count(w * 58 / 100, w, h * 70 / 100, card_y1, is_heart), 40)
        << size << ": the heart-rate plot stays visible beside the strip";
  }
}

TEST(OfficeScreensGui, ABadMarkIsNamed) {
  TempDir dir;
  const auto r = run_process({resonant_binary(), "--simulate", "--no-save", "--mark", "soon:grounding"},
                             std::chrono::seconds(30), {"SDL_AUDIODRIVER=dummy"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("--mark 'soon:grounding'"), std::string::npos) << r.err;
}

// --fullscreen takes the F key's path: the window fills the monitor (1280x800 on the test's
// Xvfb) whatever --size says.
TEST(OfficeScreensGui, FullScreenFillsTheMonitor) {
  SKIP_WITHOUT_DISPLAY();
  TempDir dir;
  const std::string windowed = (dir.path() / "windowed.png").string();
  ASSERT_EQ(shoot(dir, windowed, {"--size", "1024x640", "--frames", "30"}).exit_code, 0);
  const std::string full = (dir.path() / "full.png").string();
  const auto r = shoot(dir, full, {"--size", "1024x640", "--fullscreen", "--frames", "30"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Png small(windowed);
  const Png big(full);
  ASSERT_NE(small.pixels, nullptr);
  ASSERT_NE(big.pixels, nullptr);
  EXPECT_EQ(small.width, 1024);
  EXPECT_EQ(small.height, 640);
  EXPECT_EQ(big.width, 1280) << "run under xvfb-run -s '-screen 0 1280x800x24'";
  EXPECT_EQ(big.height, 800);
}

// --screen device: the main screen with the sensor panel open in the upper middle: a title
// bar, the source choices, the port list and the protocol's "Detect automatically" (text,
// many colours).
TEST(OfficeScreensGui, DeviceScreenShowsTheSensorPanel) {
  SKIP_WITHOUT_DISPLAY();
  TempDir dir;
  const std::string png = (dir.path() / "device.png").string();
  const std::string plain_png = (dir.path() / "main.png").string();
  const auto r = shoot(dir, png, {"--screen", "device", "--frames", "60"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(shoot(dir, plain_png, {"--screen", "main", "--frames", "60"}).exit_code, 0);
  const Png img(png);
  const Png plain(plain_png);
  ASSERT_NE(img.pixels, nullptr);
  ASSERT_NE(plain.pixels, nullptr);
  const int w = img.width;
  const int h = img.height;
  // The panel's title row and its body (choices, status lines): text there.
  const int x0 = w * 30 / 100, x1 = w * 70 / 100;
  EXPECT_GT(img.count(x0, x1, h * 8 / 100, h * 13 / 100, is_text), 20) << "the panel's title";
  EXPECT_GT(img.count(x0, x1, h * 14 / 100, h * 45 / 100, is_text), 400) << "its choices and status";
  EXPECT_GT(img.colours(x0, x1, h * 14 / 100, h * 45 / 100), 12u);
  // The port chooser and the protocol chooser ("Detect automatically") below the choices.
  EXPECT_GT(img.count(x0, x1, h * 30 / 100, h * 58 / 100, is_text), 300) << "port and protocol lists";
  // Without the panel the same place is the pacer (teal), not white text.
  EXPECT_LT(plain.count(x0, w * 55 / 100, h * 14 / 100, h * 45 / 100, is_text),
            img.count(x0, w * 55 / 100, h * 14 / 100, h * 45 / 100, is_text) / 4);
}

}  // namespace
