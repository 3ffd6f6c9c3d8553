// Help texts for the live feedback. Every text says what the number is, its typical range from
// physiology-and-metrics.md (section named), and that Resonant is not a medical device.
#include "help_texts.hpp"

// String-literal pieces joined by the compiler (a constexpr variable could not be).
#define RESONANT_NOT_MEDICAL "\n\nResonant is a training aid, not a medical device."
#define RESONANT_EN_DASH "\xE2\x80\x93"

namespace resonant::ui::help {

const char* const kHeartRate =
    "How many times your heart beats in a minute, from the time between your last two "
    "beats. It rises a little as you breathe in and falls as you breathe out; that gentle "
    "swing is healthy and is what this training works with.\n\n"
    "At rest, the mean time between beats is typically about 926 \xC2\xB1 90 ms, i.e. about "
    "59" RESONANT_EN_DASH "72 beats/min (Nunan 2010, physiology-and-metrics \xC2\xA7" "9.8)."
    RESONANT_NOT_MEDICAL;

const char* const kUnevenRhythm =
    "In the last minute, more than one beat in ten came much earlier or later than the one "
    "before it (by more than a fifth of the time between them). That happens with extra "
    "beats, which are common, and when the sensor slips or loses contact. RMSSD and SDNN "
    "then mostly measure those jumps, not the gentle beat-to-beat variation they are meant to "
    "show, so they read high. The breathing guide works as before.\n\n"
    "A sensor that sits snugly on moist skin often settles it."
    RESONANT_NOT_MEDICAL;

const char* const kRmssd =
    "RMSSD: how much the time between one heartbeat and the next changes, beat to beat "
    "(root mean square of successive differences). It mostly reflects the calming "
    "(parasympathetic) side of the nervous system.\n\n"
    "Short recordings at rest: about 42 \xC2\xB1 15 ms in healthy adults (Nunan 2010, "
    "\xC2\xA7" "3.3); naturally lower with age, stress, poor sleep or illness, and very "
    "different between people. Compare yourself with yourself, not with others. Slow "
    "breathing usually raises it because the breathing swing grows (\xC2\xA7" "7.1).\n\n"
    "It appears once 30 s of beats are in the window: from the first few beats it is often "
    "half as large again as, or much smaller than, what it settles to."
    RESONANT_NOT_MEDICAL;

const char* const kSdnn =
    "SDNN: how widely the times between heartbeats spread overall (standard deviation of "
    "normal-to-normal intervals). Slow, even breathing usually makes it larger.\n\n"
    "Short recordings at rest: about 50 \xC2\xB1 16 ms (Nunan 2010, \xC2\xA7" "3.3); shorter "
    "windows give smaller numbers, so compare values over the same window. Like RMSSD, it "
    "appears once 30 s of beats are in the window."
    RESONANT_NOT_MEDICAL;

const char* const kTachogram =
    "Each point is one heartbeat: how fast your heart was beating at that moment.\n\n"
    "The soft teal wave behind it is the breathing guide. Your heart naturally speeds up a "
    "little on the in-breath and slows on the out-breath. Near your resonance rate (usually "
    "4.5" RESONANT_EN_DASH "6.5 breaths/min in adults, \xC2\xA7" "5.1) these waves become "
    "several times bigger and smooth.\n\n"
    "A break in the line means the sensor signal paused there. A faint spike is a beat the "
    "sensor missed, an extra one or an early beat: it is shown as measured, and your figures "
    "use the corrected rhythm." RESONANT_NOT_MEDICAL;

const char* const kCoherence =
    "Coherence: how much of your heart-rhythm variation in the last 64 seconds sits at one "
    "single rhythm (peak power / the rest of the power, the published HeartMath ratio, "
    "\xC2\xA7" "4.1). Slow, even breathing alone raises it; it is not a measure of emotions "
    "(\xC2\xA7" "7.2).\n\n"
    "Levels at the default challenge level: low below 0.5, medium 0.5" RESONANT_EN_DASH "1.8, "
    "high from 1.8 (\xC2\xA7" "4.1). A guide: 0.5 is a good beginner level, 2.0 very good. It "
    "describes the last minute, so it follows changes about 30 s late. The line shows up to "
    "the last 15 minutes." RESONANT_NOT_MEDICAL;

const char* const kCoherenceScore =
    "Points collected this session: every 5 seconds, low coherence adds 0, medium 1 and high "
    "2 (as emWave2 counts them, \xC2\xA7" "4.1). A 10-minute session at high coherence "
    "collects 240." RESONANT_NOT_MEDICAL;

const char* const kSpectrum =
    "The heart-rhythm spectrum of the last 64 seconds: how strongly your heart rate swings at "
    "each speed. Shaded bands (\xC2\xA7" "3.2): VLF 0.003" RESONANT_EN_DASH "0.04 Hz (needs 5 "
    "minutes to mean much), LF 0.04" RESONANT_EN_DASH "0.15 Hz and HF 0.15" RESONANT_EN_DASH
    "0.40 Hz.\n\n"
    "Breathing at 6/min (0.1 Hz) puts one tall peak in LF: that is your breathing moving "
    "your heart rate, not stress (\xC2\xA7" "3.2, \xC2\xA7" "7.2). The marked peak is where it "
    "swings most, in breaths per minute." RESONANT_NOT_MEDICAL;

const char* const kRsaPerBreath =
    "Heart-rate swing per breath: the highest minus the lowest heart rate within each breath "
    "(peak to trough), for the breaths of the last minute. Bigger bars mean your heart "
    "follows your breathing more strongly.\n\n"
    "From normal to resonance breathing this swing grows about 4" RESONANT_EN_DASH "10 times "
    "(\xC2\xA7" "5.1); the breathing rate that gives you the largest swing is a sign of your "
    "resonance rate (\xC2\xA7" "5.3). Its size differs a lot between people: compare "
    "yourself with yourself. Outlined stubs: too few beats in that breath to measure."
    RESONANT_NOT_MEDICAL;

const char* const kBreathing =
    "Your breathing (from the respiration belt) against the guide's target: the teal curve "
    "is where the guide wanted your breath to be, the light line is what the belt measured "
    "(both scaled to fit). Without a belt, the breathing rate is estimated from your heart "
    "rhythm and pulse (\xC2\xA7" "6.2" RESONANT_EN_DASH "6.4). Such an estimate is shown only "
    "when it is clear: on real recordings, clear estimates were within 1 breath/min of a belt "
    "about 9 times in 10 and unclear ones only about half the time, so then the screen says "
    "the rate is not clear instead of guessing. Slow paced breathing moves the heart rhythm "
    "strongly, so it is usually clear.\n\n"
    "Typical breathing at rest is 9" RESONANT_EN_DASH "24 breaths/min; resonance breathing "
    "is usually 4.5" RESONANT_EN_DASH "6.5 (\xC2\xA7" "3.2, \xC2\xA7" "5.1)."
    RESONANT_NOT_MEDICAL;

const char* const kArousal =
    "How activated your body is compared with your own resting baseline (the first 3 minutes "
    "of the session): heart rate, RMSSD, breathing (only without the guide) and skin "
    "conductance if worn, each as a robust z-score against that baseline (\xC2\xA7" "7.4). "
    "The middle is \"like your baseline\" (\xE2\x88\x92" "0.3 to 0.3); beyond \xC2\xB1" "1 is "
    "\"much\" calmer or more activated.\n\n"
    "It is not a stress measure and is experimental (\xC2\xA7" "7.2). It is hidden while its "
    "confidence is below 0.5 (poor signal, or the baseline is still being learned)."
    RESONANT_NOT_MEDICAL;

const char* const kPaused =
    "The sensor signal is poor or has lost contact, so the live numbers are paused rather "
    "than showing values that are not real. The note says what Resonant sees in the signal "
    "(no signal at all, off the scale, disturbed by movement, beats it cannot time) and the "
    "heart-rate card what usually helps. The breathing guide carries on: keep breathing "
    "with it. The numbers grey out for any second of poor signal; a pause that lasts 2 s is "
    "saved with the session, and feedback comes back after 5 s of good signal, so it does not "
    "blink on and off while a sensor settles." RESONANT_NOT_MEDICAL;

}  // namespace resonant::ui::help
