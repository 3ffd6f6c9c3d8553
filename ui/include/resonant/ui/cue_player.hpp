#pragma once
// Plays the pacer's sound cues (cue_generator.hpp) through SDL2 audio.
//
// SDL's audio starts only when a cue is first wanted (sound not off), so a person who never
// turns the sound on never waits for, or hears complaints from, the audio system. Where
// there is no sound card (or SDL's audio cannot start) the player stays silent and
// says why in problem(); it never shows a dialog and never stops the app.
//
// Threading contract: construct, update() and destroy on one thread (the UI thread). SDL's
// audio thread runs the callback, which reads the newest update() through a wait-free
// triple buffer (Latest): the callback never locks the UI or the engine, and update()
// never waits for the callback.
#include <string>

#include <resonant/common/latest.hpp>
#include <resonant/common/session_clock.hpp>
#include <resonant/ui/cue_generator.hpp>

namespace resonant::ui {

inline constexpr int kCueSampleRateHz = 48000;
inline constexpr int kCueBufferFrames = 1024;  // ~21 ms at 48 kHz: cues need no lower latency

class CuePlayer {
 public:
  CuePlayer() = default;
  ~CuePlayer();
  CuePlayer(const CuePlayer&) = delete;
  CuePlayer& operator=(const CuePlayer&) = delete;

  /// The pacer as the engine now shows it, the session clock and the person's choice.
  /// The first call that wants sound opens the device (once; a failure is kept in problem()).
  void update(const CueInput& input, const SessionClock& clock);

  bool is_open() const { return device_ != 0; }
  /// Why there is no sound ("" when the device opened), e.g. "no sound device: ...".
  const std::string& problem() const { return problem_; }
  /// The audio driver SDL chose ("" when none), e.g. "pulseaudio", "dummy".
  const std::string& driver() const { return driver_; }

 private:
  struct Shared {
    CueInput input{};
    SessionClock clock{};
  };
  void open();
  static void fill(void* self, unsigned char* stream, int bytes);

  Latest<Shared> shared_;
  CueGenerator generator_{kCueSampleRateHz};
  double sample_rate_hz_ = kCueSampleRateHz;
  unsigned device_ = 0;  // SDL_AudioDeviceID
  bool sdl_started_ = false;
  bool open_attempted_ = false;
  std::string problem_;
  std::string driver_;
};

}  // namespace resonant::ui
