#include <resonant/ui/cue_player.hpp>

#include <SDL.h>

#include <span>

namespace resonant::ui {

void CuePlayer::open() {
  open_attempted_ = true;
  if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
    problem_ = std::string("no sound: SDL audio did not start (") + SDL_GetError() +
               "); the pacer works silently";
    return;
  }
  sdl_started_ = true;
  if (const char* d = SDL_GetCurrentAudioDriver()) driver_ = d;
  SDL_AudioSpec want{};
  want.freq = kCueSampleRateHz;
  want.format = AUDIO_F32SYS;
  want.channels = 1;
  want.samples = kCueBufferFrames;
  want.callback = &CuePlayer::fill;
  want.userdata = this;
  SDL_AudioSpec have{};
  // Only the rate may differ from what we asked: SDL converts the format and channels.
  device_ = SDL_OpenAudioDevice(nullptr, 0, &want, &have, SDL_AUDIO_ALLOW_FREQUENCY_CHANGE);
  if (device_ == 0) {
    problem_ = std::string("no sound device (") + SDL_GetError() + "); the pacer works silently";
    return;
  }
  sample_rate_hz_ = have.freq;
  generator_ = CueGenerator(sample_rate_hz_);
  SDL_PauseAudioDevice(device_, 0);
}

CuePlayer::~CuePlayer() {
  if (device_ != 0) SDL_CloseAudioDevice(device_);  // joins SDL's audio thread
  if (sdl_started_) SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

void CuePlayer::update(const CueInput& input, const SessionClock& clock) {
  shared_.publish(Shared{input, clock});
  // Published first, so the callback's first buffer already has the wanted cue.
  if (!open_attempted_ && input.settings.sound != CueSound::kOff) open();
}

void CuePlayer::fill(void* self_ptr, unsigned char* stream, int bytes) {
  auto* self = static_cast<CuePlayer*>(self_ptr);
  const Shared& shared = self->shared_.read();
  std::span<float> out(reinterpret_cast<float*>(stream),
                       static_cast<std::size_t>(bytes) / sizeof(float));
  const double t_s = shared.clock.session_now(SteadyClock::now());
  self->generator_.render(out, shared.input, t_s,
                          shared.clock.session_per_host_s / self->sample_rate_hz_);
}

}  // namespace resonant::ui
