#pragma once
// Random numbers for the simulated person, identical on every compiler and standard library.
//
// std::mt19937_64's output sequence is fixed by the C++ standard; the standard distributions
// (std::normal_distribution, std::uniform_real_distribution) are not, and differ between
// libstdc++, libc++ and MSVC. So uniforms and Gaussians are derived here from the raw bits.
//
// Every process draws from its own stream, seeded from (seed, stream): changing how much
// sensor noise is drawn never moves a heartbeat, and the clean and calm scenarios of one seed
// share the same beats.
#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>

namespace resonant::drivers::sim::detail {

enum class Stream : std::uint64_t {
  kPerson = 1,  // person_for(): the parameters of this seed's person
  kBreathing,   // breath-to-breath variability, pacer lapses
  kHeart,       // heart-rate drift, Mayer waves, beat-to-beat jitter
  kArousal,     // arousal episodes
  kArtifacts,   // ectopic and missed beats, motion, electrode off
  kEda,         // skin-conductance responses and tonic drift
  kNoise,       // sensor noise (white, baseline wander, motion waveforms)
};

/// SplitMix64 finaliser (Steele, Lea & Flood 2014): turns nearby inputs (seed, seed + 1,
/// stream ids) into unrelated 64-bit seeds.
constexpr std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

class Rng {
 public:
  Rng(std::uint64_t seed, Stream stream)
      : engine_(splitmix64(splitmix64(seed) ^ static_cast<std::uint64_t>(stream))) {}

  /// Uniform in [0, 1) with 53 random bits.
  double uniform() {
    constexpr double kTwoPowMinus53 = 1.0 / 9007199254740992.0;
    return static_cast<double>(engine_() >> 11) * kTwoPowMinus53;
  }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

  /// Standard normal by the Box–Muller transform; the second value of each pair is kept.
  double gaussian() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const double u1 = 1.0 - uniform();  // (0, 1]: log() stays finite
    const double u2 = uniform();
    const double radius = std::sqrt(-2.0 * std::log(u1));
    const double angle = 2.0 * std::numbers::pi * u2;
    spare_ = radius * std::sin(angle);
    has_spare_ = true;
    return radius * std::cos(angle);
  }

  /// Exponential with mean 1 (waiting times of Poisson processes).
  double exponential() { return -std::log(1.0 - uniform()); }

 private:
  std::mt19937_64 engine_;
  double spare_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace resonant::drivers::sim::detail
