#pragma once
// The steps of analyze_file() after beat detection (private to the engine): each a batch form
// of the dsp processors the live pipeline runs.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include <resonant/dsp/hrv_time.hpp>
#include <resonant/dsp/respiration_belt.hpp>
#include <resonant/dsp/respiration_rate.hpp>
#include <resonant/engine/file_analysis.hpp>
#include <resonant/engine/file_beats.hpp>
#include <resonant/records/record.hpp>

namespace resonant::engine::detail {

inline constexpr double kRespirationWindowS = 60.0;
// Without a belt the surrogates are tracked over 60 s windows every kRespirationStepS (the
// tracker's step, RespirationTrackingConfig::step_s).
inline constexpr double kRespirationStepS = 5.0;
// The dsp processors' valid sample rates (BeltRespirationConfig, SignalQualityConfig).
inline constexpr double kMinBeltRateHz = 10.0;
inline constexpr double kMaxBeltRateHz = 1000.0;
inline constexpr double kMinQualityRateHz = 4.0;
inline constexpr double kMaxQualityRateHz = 2000.0;

/// Quality per second of the in-memory beat channel (beats feed the implausible-beat test),
/// its score per second and the live feedback gate's verdict per second (1 = feedback on).
ChannelQualitySummary beat_channel_quality(std::span<const float> samples, double fs,
                                           SignalChoice signal, std::span<const FileBeat> beats,
                                           const std::string& name,
                                           std::vector<float>* score_per_second,
                                           std::vector<std::uint8_t>* feedback_ok_per_second);

/// A belt channel streamed through the live breath detector, with its quality.
struct BeltAnalysis {
  std::vector<dsp::Breath> breaths;
  ChannelQualitySummary quality;
};
BeltAnalysis analyze_belt(const records::Record& record, const records::ChannelInfo& channel,
                          const ProgressFn& progress = {});

/// A skin-conductance channel streamed once: its level per second (NaN where invalid), its
/// quality, and its summary with the responses scored (in µS; unstated units are read as µS).
struct SkinConductanceAnalysis {
  std::vector<double> level_per_second;
  ChannelQualitySummary quality;
  SkinConductanceSummary summary;
};
SkinConductanceAnalysis analyze_skin_conductance(const records::Record& record,
                                                 const records::ChannelInfo& channel,
                                                 const ProgressFn& progress = {});

/// Breathing rate per 60 s window: from the belt's breaths when given, else RSA, EDR (ECG) or
/// PPG modulations tracked across windows (the batch tracker's Viterbi path over windows every
/// kRespirationStepS, read at each block's end). rates[i] covers [i * 60, (i + 1) * 60) s.
std::vector<dsp::RespirationRate> respiration_windows(
    const std::optional<BeltAnalysis>& belt, std::span<const dsp::RrInterval> nn,
    std::span<const float> beat_samples, double fs, SignalChoice signal,
    std::span<const FileBeat> beats, double duration_s, RespirationSummary& summary);

CoherenceSummary summarize_coherence(std::span<const dsp::RrInterval> nn);

struct FileChannel;

/// The belt and skin-conductance channels: the analysed one, else the record's first of each
/// kind. Fills their quality, summaries and notes; belt and scl feed respiration and arousal;
/// progress follows the analysed channel only.
void analyze_companions(const FileChannel& file, FileAnalysis& out,
                        std::optional<BeltAnalysis>& belt, std::vector<double>& scl,
                        const ProgressFn& progress = {});

/// A belt or skin-conductance channel analysed on its own (out holds the file's header
/// fields): breathing, skin conductance and their quality; the heart's figures stay empty and
/// heart_not_analysed says why. Throws FileSourceError for --resonance or a rate the channel's
/// detector cannot take.
FileAnalysis analyze_without_heart(const FileSource& source, const AnalysisOptions& options,
                                   const FileChannel& file, FileAnalysis out,
                                   const ProgressFn& progress);

/// One arousal input a second, baseline = the first baseline_s.
ArousalSummary analyze_arousal(std::span<const dsp::RrInterval> nn, double duration_s,
                               double baseline_s, std::span<const float> hr_quality_per_second,
                               std::span<const dsp::RespirationRate> respiration,
                               std::span<const double> scl_per_second);

}  // namespace resonant::engine::detail
