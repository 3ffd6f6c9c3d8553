// The SDL player (ui/cue_player.hpp): opens with SDL's dummy driver, plays real samples
// through the disk driver, and stays silent without an error where no driver works.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <resonant/ui/cue_player.hpp>

#include "test_support.hpp"

namespace resonant::ui {
namespace {

using testing::ScopedEnv;

CueInput tone_input() {
  CueInput in;
  in.segment.settings = clamped(PacerSettings{6.0, 0.4, 0.0, 0.0});
  in.settings = CueSettings{CueSound::kTone, 1.0f};
  return in;
}

SessionClock clock_now() {
  SessionClock c;
  c.host_anchor = SteadyClock::now();
  c.session_anchor_s = 1.0;  // mid-inhale: the tone is sounding
  return c;
}

TEST(CuePlayer, OpensWithSdlsDummyDriverOnlyWhenSoundIsWanted) {
  ScopedEnv driver("SDL_AUDIODRIVER", "dummy");
  CuePlayer player;
  CueInput off = tone_input();
  off.settings.sound = CueSound::kOff;
  player.update(off, clock_now());
  EXPECT_FALSE(player.is_open()) << "sound off: the audio system is left alone";
  EXPECT_EQ(player.driver(), "");
  player.update(tone_input(), clock_now());
  EXPECT_TRUE(player.is_open()) << player.problem();
  EXPECT_EQ(player.problem(), "");
  EXPECT_EQ(player.driver(), "dummy");
}

TEST(CuePlayer, WithoutASoundDeviceItIsSilentAndSaysWhy) {
  ScopedEnv driver("SDL_AUDIODRIVER", "no-such-driver");
  CuePlayer player;
  player.update(tone_input(), clock_now());
  EXPECT_FALSE(player.is_open());
  EXPECT_NE(player.problem().find("pacer works silently"), std::string::npos) << player.problem();
  player.update(tone_input(), clock_now());  // tries once; harmless afterwards
  EXPECT_FALSE(player.is_open());
}

TEST(CuePlayer, TheDiskDriverReceivesTheTone) {
  const testing::TempDir dir;
  const std::filesystem::path file = dir.path() / "cues.raw";
  ScopedEnv driver("SDL_AUDIODRIVER", "disk");
  ScopedEnv path("SDL_DISKAUDIOFILE", file.c_str());
  ScopedEnv delay("SDL_DISKAUDIODELAY", "0");  // write as fast as the callback fills
  {
    CuePlayer player;
    player.update(tone_input(), clock_now());
    ASSERT_TRUE(player.is_open()) << player.problem();
    // Wait (no timer to race: the player only writes) until a few buffers reached the file;
    // give up after 5 s so a broken driver fails instead of hanging.
    constexpr std::uintmax_t kWantBytes = 8 * kCueBufferFrames * sizeof(float);
    const auto give_up = SteadyClock::now() + std::chrono::seconds(5);
    std::error_code ec;
    while (std::filesystem::file_size(file, ec) < kWantBytes && SteadyClock::now() < give_up) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  std::ifstream in(file, std::ios::binary);
  std::vector<float> samples(8 * kCueBufferFrames);
  in.read(reinterpret_cast<char*>(samples.data()),
          static_cast<std::streamsize>(samples.size() * sizeof(float)));
  ASSERT_EQ(static_cast<std::size_t>(in.gcount()), samples.size() * sizeof(float));
  float peak = 0.0f;
  for (float s : samples) peak = std::max(peak, std::abs(s));
  EXPECT_GT(peak, 0.01f) << "the tone reached the device";
  EXPECT_LE(peak, kFullLevel + 1e-4f);
}

}  // namespace
}  // namespace resonant::ui
