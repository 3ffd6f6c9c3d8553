// Office mode under Xvfb: the client screen alone, and the second OS window beside the
// therapist's, each captured to PNG and looked into.
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

#include "png_image.hpp"
#include "test_support.hpp"

namespace {

using resonant::testing::binary_dir;
using resonant::testing::run_process;
using resonant::testing::TempDir;
using resonant::ui::testing::Png;

std::string resonant_binary() { return (binary_dir() / "src/app/resonant").string(); }

bool is_teal(const unsigned char* p) { return p[1] > p[0] + 30 && p[2] > p[0] + 30 && p[1] > 110; }
bool is_bright_white(const unsigned char* p) { return p[0] > 215 && p[1] > 215 && p[2] > 215; }

// The client view: a large calm teal pacer in the middle, nothing bright white (no text).
void expect_client_view(const Png& img) {
  ASSERT_NE(img.pixels, nullptr);
  const int cx = img.width / 2;
  const int cy = img.height * 45 / 100;
  const int half = std::min(img.width, img.height) / 10;  // inside the smallest circle
  int teal = 0, total = 0, teal_all = 0, white = 0, all = 0;
  for (int y = cy - half; y <= cy + half; ++y) {
    for (int x = cx - half; x <= cx + half; ++x) {
      teal += is_teal(img.at(x, y)) ? 1 : 0;
      ++total;
    }
  }
  for (int y = 0; y < img.height; y += 2) {
    for (int x = 0; x < img.width; x += 2) {
      teal_all += is_teal(img.at(x, y)) ? 1 : 0;
      white += is_bright_white(img.at(x, y)) ? 1 : 0;
      ++all;
    }
  }
  EXPECT_EQ(teal, total) << "the pacer fills the middle";
  EXPECT_GT(teal_all, all / 20) << "a large pacer";
  EXPECT_EQ(white, 0) << "no text on the client's screen";
}

TEST(OfficeGui, ClientScreenIsALargeCalmPacerWithoutText) {
  if (std::getenv("DISPLAY") == nullptr) {
    GTEST_SKIP() << "DISPLAY is not set; run the ui suite under `xvfb-run -a` to see the app";
  }
  TempDir dir;
  const std::string png = (dir.path() / "client.png").string();
  const auto r = run_process({resonant_binary(), "--simulate", "--no-save", "--frames", "60",
                              "--screen", "client", "--screenshot", png},
                             std::chrono::seconds(60), {"SDL_AUDIODRIVER=dummy"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Png img(png);
  expect_client_view(img);
}

TEST(OfficeGui, SecondWindowShowsTheClientBesideTheTherapistView) {
  if (std::getenv("DISPLAY") == nullptr) {
    GTEST_SKIP() << "DISPLAY is not set; run the ui suite under `xvfb-run -a` to see the app";
  }
  TempDir dir;
  const std::string main_png = (dir.path() / "therapist.png").string();
  const std::string client_png = (dir.path() / "client.png").string();
  const auto r = run_process({resonant_binary(), "--simulate", "--no-save", "--frames", "60",
                              "--client-window", "--size", "1024x640", "--screenshot", main_png,
                              "--screenshot-client", client_png},
                             std::chrono::seconds(60), {"SDL_AUDIODRIVER=dummy"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("frame time"), std::string::npos) << r.out;
  const Png client(client_png);
  expect_client_view(client);
  // The therapist's window keeps its text (numbers, labels, the markers strip).
  const Png therapist(main_png);
  ASSERT_NE(therapist.pixels, nullptr);
  int white = 0;
  for (int y = 0; y < therapist.height; y += 2) {
    for (int x = 0; x < therapist.width; x += 2) white += is_bright_white(therapist.at(x, y)) ? 1 : 0;
  }
  EXPECT_GT(white, 100);
}

}  // namespace
