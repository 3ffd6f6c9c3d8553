#include "ecg.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace resonant::drivers::sim::detail {
namespace {

constexpr double kDegreesPerCycle = 360.0;
constexpr double kTwoPi = 2.0 * std::numbers::pi;

// ECGSYN (McSharry et al. 2003, Table 1): angle (degrees), a, b (radians).
struct EcgsynWave {
  double theta_deg;
  double a;
  double b_rad;
};
constexpr EcgsynWave kP{-70.0, 1.2, 0.25};
constexpr EcgsynWave kQ{-15.0, -5.0, 0.1};
constexpr EcgsynWave kR{0.0, 30.0, 0.1};
constexpr EcgsynWave kS{15.0, -7.5, 0.1};
constexpr EcgsynWave kT{100.0, 0.75, 0.4};

constexpr double amplitude_mv(const EcgsynWave& w) {
  return kEcgRAmplitudeMv * (w.a * w.b_rad * w.b_rad) / (kR.a * kR.b_rad * kR.b_rad);
}
constexpr double center_at_60_bpm_s(const EcgsynWave& w) { return w.theta_deg / kDegreesPerCycle; }
constexpr double sigma_at_60_bpm_s(const EcgsynWave& w) { return w.b_rad / kTwoPi; }

constexpr double kMinRrS = 0.3;
constexpr double kMaxRrS = 2.0;
constexpr double kPtPositionExponent = 0.75;  // ECGSYN: angle x (HR/60)^(1/4), time x RR
constexpr double kWidthExponent = 0.5;        // ECGSYN: width x (HR/60)^(1/2), time x RR

// Premature ventricular beat: no P wave, wide and taller QRS, T opposite to the QRS.
constexpr double kPvcQrsWidening = 1.8;
constexpr double kPvcQrsGain = 1.3;
constexpr double kPvcTGain = -1.2;

// S centre (s after R) such that Q and S slopes cancel at R (see ecg.hpp):
// |a_Q| g(mu_Q) = |a_S| g(mu_S), g(mu) = mu exp(-mu^2 / (2 sigma^2)), on the falling branch
// of g (mu > sigma), solved by bisection once.
double s_center_s() {
  const double sigma = sigma_at_60_bpm_s(kS);
  const auto g = [sigma](double mu) { return mu * std::exp(-mu * mu / (2.0 * sigma * sigma)); };
  const double target =
      std::abs(amplitude_mv(kQ)) * g(-center_at_60_bpm_s(kQ)) / std::abs(amplitude_mv(kS));
  double lo = sigma;        // g is largest here
  double hi = 8.0 * sigma;  // and nearly 0 here
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (g(mid) > target ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace

std::array<Wave, kEcgWaves> ecg_waves(const EcgBeat& beat) {
  static const double kSCenterS = s_center_s();
  const double rr = std::clamp(beat.rr_s, kMinRrS, kMaxRrS);
  const double pt_shift = std::pow(rr, kPtPositionExponent);
  const double pt_width = std::pow(rr, kWidthExponent);
  const double qrs_width = beat.ectopic ? kPvcQrsWidening : 1.0;
  const double qrs_gain = beat.qrs_gain * (beat.ectopic ? kPvcQrsGain : 1.0);
  const double t_gain = beat.ectopic ? kPvcTGain : 1.0;
  const double p_gain = beat.ectopic ? 0.0 : 1.0;
  const double all = beat.missing ? kEcgMissedResidualShare : 1.0;

  const auto qrs = [&](const EcgsynWave& w, double center_s) {
    return Wave::gaussian(beat.t_s + center_s * qrs_width, all * qrs_gain * amplitude_mv(w),
                          sigma_at_60_bpm_s(w) * qrs_width);
  };
  const auto pt = [&](const EcgsynWave& w, double gain) {
    return Wave::gaussian(beat.t_s + center_at_60_bpm_s(w) * pt_shift, all * gain * amplitude_mv(w),
                          sigma_at_60_bpm_s(w) * pt_width);
  };
  return {pt(kP, p_gain), qrs(kQ, center_at_60_bpm_s(kQ)), qrs(kR, 0.0), qrs(kS, kSCenterS),
          pt(kT, t_gain)};
}

}  // namespace resonant::drivers::sim::detail
