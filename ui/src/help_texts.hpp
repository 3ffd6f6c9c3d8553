#pragma once
// The "(?)" help of every live-feedback number, in one place so they are reviewed together
// (ui/src/help_texts.cpp). Ranges cite /work/shared/docs/physiology-and-metrics.md by section.
namespace resonant::ui::help {

extern const char* const kHeartRate;
extern const char* const kRmssd;
extern const char* const kUnevenRhythm;  // the heart card's note when dsp's rhythm check says so
extern const char* const kSdnn;
extern const char* const kTachogram;
extern const char* const kCoherence;
extern const char* const kCoherenceScore;
extern const char* const kSpectrum;
extern const char* const kRsaPerBreath;
extern const char* const kBreathing;
extern const char* const kArousal;
extern const char* const kPaused;

}  // namespace resonant::ui::help
