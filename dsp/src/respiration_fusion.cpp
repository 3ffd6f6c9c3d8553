#include <resonant/dsp/respiration_fusion.hpp>

#include <algorithm>
#include <array>
#include <cmath>

namespace resonant::dsp {
namespace {

struct Weighted {
  double rate = 0.0, weight = 0.0;
  RespirationSource source = RespirationSource::kNone;
};

struct Moments {
  double mean = 0.0, sd = 0.0, weight = 0.0, quality = 0.0;
  std::size_t count = 0;
  RespirationSource source = RespirationSource::kNone;
};

// Quality-weighted mean; unweighted SD (Karlen's agreement test); mean quality.
template <typename Pred>
Moments moments(std::span<const Weighted> w, Pred member) {
  Moments m;
  double sum = 0.0;
  for (const Weighted& e : w) {
    if (!member(e)) continue;
    sum += e.weight * e.rate;
    m.weight += e.weight;
    m.quality += e.weight;
    ++m.count;
    m.source = m.count == 1 ? e.source : RespirationSource::kFused;
  }
  if (m.count == 0) return m;
  m.mean = sum / m.weight;
  m.quality /= static_cast<double>(m.count);
  double plain = 0.0;
  for (const Weighted& e : w) {
    if (member(e)) plain += e.rate;
  }
  plain /= static_cast<double>(m.count);
  double var = 0.0;
  for (const Weighted& e : w) {
    if (member(e)) var += (e.rate - plain) * (e.rate - plain);
  }
  m.sd = m.count > 1 ? std::sqrt(var / static_cast<double>(m.count - 1)) : 0.0;
  return m;
}

FusedRespiration from(const Moments& m, double quality) {
  FusedRespiration f;
  f.rate_bpm = m.mean;
  f.quality = std::clamp(quality, 0.0, 1.0);
  f.source = m.source;
  f.used = m.count;
  f.spread_bpm = m.sd;
  return f;
}

}  // namespace

std::string_view to_string(RespirationSource source) {
  switch (source) {
    case RespirationSource::kNone: return "none";
    case RespirationSource::kBelt: return "belt";
    case RespirationSource::kRsa: return "rsa";
    case RespirationSource::kEdrAmplitude: return "edr-amplitude";
    case RespirationSource::kEdrArea: return "edr-area";
    case RespirationSource::kPpgIntensity: return "ppg-intensity";
    case RespirationSource::kPpgAmplitude: return "ppg-amplitude";
    case RespirationSource::kPpgFrequency: return "ppg-frequency";
    case RespirationSource::kFused: return "fused";
    case RespirationSource::kEdrPca: return "edr-pca";
  }
  return "?";
}

RespirationModulation modulation_of(RespirationSource source) {
  switch (source) {
    case RespirationSource::kBelt:
    case RespirationSource::kEdrAmplitude:
    case RespirationSource::kEdrArea:
    case RespirationSource::kEdrPca:
    case RespirationSource::kPpgAmplitude:
      return RespirationModulation::kMechanical;
    default:
      return RespirationModulation::kAutonomic;
  }
}

FusedRespiration fuse_respiration(const std::optional<RespirationRate>& belt,
                                  std::span<const SourcedRate> estimates,
                                  const RespirationFusionConfig& config) {
  const bool belt_ok = belt && std::isfinite(belt->rate_bpm);
  if (belt_ok && belt->quality >= config.belt_min_quality) {
    FusedRespiration f;
    f.rate_bpm = belt->rate_bpm;
    f.quality = belt->quality;
    f.source = RespirationSource::kBelt;
    f.used = 1;
    f.spread_bpm = 0.0;
    return f;
  }
  std::array<Weighted, kMaxEstimates> buffer{};
  std::size_t n = 0;
  // A belt below belt_min_quality (irregular breaths) still votes, like any estimate.
  if (belt_ok && belt->quality >= config.min_quality) {
    buffer[n++] = {belt->rate_bpm, belt->quality, RespirationSource::kBelt};
  }
  for (const SourcedRate& e : estimates) {
    if (n == kMaxEstimates) break;
    if (!std::isfinite(e.rate.rate_bpm) || e.rate.quality < config.min_quality) continue;
    buffer[n++] = {e.rate.rate_bpm, e.rate.quality, e.source};
  }
  const std::span<const Weighted> w(buffer.data(), n);
  if (n == 0) {
    if (!belt_ok) return {};
    FusedRespiration f;  // a poor belt is still better than nothing
    f.rate_bpm = belt->rate_bpm;
    f.quality = belt->quality;
    f.source = RespirationSource::kBelt;
    f.used = 1;
    return f;
  }
  const Moments all = moments(w, [](const Weighted&) { return true; });
  if (all.count >= config.min_agreeing && all.sd < config.agreement_sd_bpm) {
    return from(all, all.quality * (1.0 - 0.5 * all.sd / config.agreement_sd_bpm));
  }
  // Largest agreeing group: centred on each estimate in turn, members within the tolerance.
  Moments best;
  for (const Weighted& centre : w) {
    const Moments m = moments(w, [&](const Weighted& e) {
      return std::abs(e.rate - centre.rate) <= config.cluster_tolerance_bpm;
    });
    if (m.weight > best.weight) best = m;
  }
  const double share = best.weight / all.weight;
  if (best.count >= config.min_agreeing && share >= 0.5) {
    return from(best, best.quality * share);
  }
  const auto top = std::max_element(w.begin(), w.end(), [](const Weighted& a, const Weighted& b) {
    return a.weight < b.weight;
  });
  const Moments single = moments(w, [&](const Weighted& e) { return &e == &*top; });
  return from(single, single.quality * kDisagreementQuality);
}

}  // namespace resonant::dsp
