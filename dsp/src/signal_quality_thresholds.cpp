// The per-kind thresholds and default configuration of the signal-quality assessor (the
// values and the data they were set on: dsp/docs/signal-quality.md).
#include <resonant/dsp/signal_quality.hpp>

namespace resonant::dsp {
namespace {

constexpr double kPpgRrJumpFraction = 0.3;  // between Malik's 20 % and Kamath's 32.5 % (§2.2)

}  // namespace

SignalQualityThresholds signal_quality_thresholds(ChannelKind kind) {
  SignalQualityThresholds t;
  switch (kind) {
    case ChannelKind::kEcg:
      // mV. QRS energy lies in 5-15 Hz, the whole complex under 40 Hz; EMG and white noise
      // spread above. Flat: an open lead's amplifier noise stays under 0.02 mV peak to peak.
      t.min_rate_hz = 100.0;
      t.band_low_hz = 0.5;
      t.band_high_hz = 40.0;
      t.out_of_band_hz = 45.0;
      t.out_of_band_poor = 0.6;   // white noise: 1.35 at 250 Hz
      t.out_of_band_good = 0.25;  // MIT-BIH 100, 101, 103 MLII: 99th percentile 0.16
      t.out_of_band_per_second = true;
      t.kurtosis_relative_poor = 0.4;
      t.kurtosis_relative_good = 0.7;
      t.use_kurtosis = true;
      t.kurtosis_poor = 3.3;  // Gaussian noise: 3
      t.kurtosis_good = 4.5;  // NeuroKit example (100 Hz): 5th percentile 5.8
      t.flat_window_s = 1.0;
      t.flat_range_units = 0.02;
      t.clip_repeat_s = 0.02;  // an R peak never holds one value for 20 ms
      t.clip_quantisation_aware = true;
      t.use_beat_template = true;
      t.beat_correlation_poor = 0.6;  // Orphanidou 2015: 0.66 the limit of acceptable
      t.beat_correlation_good = 0.85;
      break;
    case ChannelKind::kPpg:
      // Any units. Elgendi's 0.5-8 Hz band; a pulse's diastole can be quiet for 1 s at slow
      // rates, so the range is taken over 2 s.
      t.min_rate_hz = 25.0;
      t.band_low_hz = 0.5;
      t.band_high_hz = 8.0;
      t.out_of_band_hz = 12.0;
      t.out_of_band_poor = 0.5;   // white noise: 2.0 at 100 Hz
      t.out_of_band_good = 0.15;  // NeuroKit example: 99th percentile 0.008
      t.use_skewness = true;
      t.skewness_poor = 0.0;  // white noise: 0 +- 0.4 over 5 s
      t.skewness_good = 0.3;  // NeuroKit example: 1st percentile 0.31, median 0.77
      t.flat_window_s = 2.0;
      t.flat_relative = 0.05;
      t.clip_repeat_s = 0.1;
      t.rr_jump_fraction = kPpgRrJumpFraction;  // no beat templates for PPG (yet)
      break;
    case ChannelKind::kResp:
      // Any units. Breathing 3-60 /min is 0.05-1 Hz; a breath lasts up to 20 s (holds
      // included), so the range is taken over 10 s.
      t.min_rate_hz = 10.0;
      t.band_low_hz = 0.05;
      t.band_high_hz = 1.0;
      t.out_of_band_hz = 2.0;
      t.out_of_band_poor = 0.5;   // white noise: 5-12
      t.out_of_band_good = 0.15;  // NeuroKit belt: 99th percentile 0.054
      t.flat_window_s = 10.0;
      t.flat_relative = 0.05;
      t.clip_repeat_s = 0.5;  // exactly equal for 0.5 s: a saturated converter, not a breath
      break;
    case ChannelKind::kEda:
    case ChannelKind::kOther:
      // uS. Skin conductance changes slowly (SCR rise 0.5-5 s; NeuroKit low-passes at 3 Hz),
      // so noise is what lies above 3 Hz, in uS. Flat = a stuck converter (no change in
      // 10 s) or no contact (level under 0.05 uS). Repeated extremes are normal for a slow,
      // quantised level: clipping only at known rails.
      t.min_rate_hz = 4.0;
      t.band_low_hz = 0.01;
      t.band_high_hz = 1.0;
      t.out_of_band_hz = 3.0;
      t.out_of_band_absolute = true;
      t.out_of_band_poor = 0.1;
      t.out_of_band_good = 0.02;
      t.flat_window_s = 10.0;
      t.flat_range_units = 0.0;
      t.min_level_units = 0.05;
      break;
  }
  return t;
}

SignalQualityConfig signal_quality_config(ChannelKind kind, double sample_rate_hz) {
  SignalQualityConfig c;
  c.kind = kind;
  c.sample_rate_hz = sample_rate_hz;
  c.expects_beats = kind == ChannelKind::kEcg || kind == ChannelKind::kPpg;
  return c;
}

}  // namespace resonant::dsp
