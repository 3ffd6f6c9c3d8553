#include <cmath>

#include <gtest/gtest.h>

#include <resonant/common/pacer_presets.hpp>

namespace resonant {
namespace {

struct PartSeconds {
  double inhale, hold_in, exhale, hold_out;
};

PartSeconds part_seconds(const PacerSettings& s) {
  const CycleLayout l = cycle_layout(s);
  const double cycle_s = 60.0 / clamped(s).rate_bpm;
  return {l.inhale * cycle_s, l.hold_in * cycle_s, l.exhale * cycle_s, l.hold_out * cycle_s};
}

PacerPreset builtin(std::string_view name) {
  const auto p = find_pacer_preset(builtin_pacer_presets(), name);
  EXPECT_TRUE(p.has_value()) << name;
  return p.value_or(PacerPreset{});
}

TEST(PacerPresets, ResonanceIsSixPerMinuteFortySixty) {
  const PacerPreset p = builtin("resonance");
  EXPECT_DOUBLE_EQ(p.settings.rate_bpm, 6.0);
  EXPECT_DOUBLE_EQ(p.settings.inhale_fraction, 0.4);
  EXPECT_EQ(p.settings.hold_after_inhale_s, 0.0);
  EXPECT_EQ(p.ramp_target_bpm, 0.0);
}

TEST(PacerPresets, FourSevenEightPacesItsSecondsToTheHundredth) {
  // 4 + 7 + 8 = 19 s = 3.158/min, 3.16/min on the pacer's 0.01 resolution (18.99 s).
  const PacerPreset p = builtin("4-7-8");
  EXPECT_NEAR(p.settings.rate_bpm, 3.16, 1e-12);
  EXPECT_NEAR(p.settings.inhale_fraction, 4.0 / 12.0, 1e-12);  // inhale : exhale = 4 : 8
  const PartSeconds s = part_seconds(p.settings);
  const double scale = (60.0 / 3.16) / 19.0;
  EXPECT_NEAR(s.inhale, 4.0 * scale, 1e-9);
  EXPECT_NEAR(s.hold_in, 7.0 * scale, 1e-9);
  EXPECT_NEAR(s.exhale, 8.0 * scale, 1e-9);
  EXPECT_NEAR(s.hold_out, 0.0, 1e-12);
  // Shown to one decimal, each part reads as asked (it read 3.9 / 6.9 / 7.9 s on a 0.1 grid).
  EXPECT_NEAR(s.inhale, 4.0, 0.01);
  EXPECT_NEAR(s.hold_in, 7.0, 0.01);
  EXPECT_NEAR(s.exhale, 8.0, 0.01);
}

TEST(PacerPresets, BoxHasFourEqualPartsOfFourSeconds) {
  const PacerPreset p = builtin("box");
  EXPECT_NEAR(p.settings.rate_bpm, 3.75, 1e-12);  // 16 s, exactly on the resolution
  const PartSeconds s = part_seconds(p.settings);
  EXPECT_NEAR(s.inhale, s.hold_in, 1e-9);
  EXPECT_NEAR(s.inhale, s.exhale, 1e-9);
  EXPECT_NEAR(s.inhale, s.hold_out, 1e-9);
  EXPECT_NEAR(s.inhale, 4.0, 1e-9);
}

TEST(PacerPresets, BedtimeHasALongerExhaleAndSlowsDown) {
  const PacerPreset p = builtin("bedtime");
  EXPECT_DOUBLE_EQ(p.settings.rate_bpm, 6.0);
  EXPECT_LT(p.settings.inhale_fraction, 0.4);
  EXPECT_GT(p.ramp_target_bpm, 0.0);
  EXPECT_LT(p.ramp_target_bpm, p.settings.rate_bpm);
}

TEST(PacerPresets, MyResonanceRateComesFromTheAssessment) {
  EXPECT_FALSE(my_resonance_preset(std::nullopt));
  EXPECT_FALSE(my_resonance_preset(std::nan("")));
  const auto mine = my_resonance_preset(5.46);
  ASSERT_TRUE(mine);
  EXPECT_EQ(mine->name, kMyResonancePresetName);
  EXPECT_NEAR(mine->settings.rate_bpm, 5.5, 1e-12);
  EXPECT_NEAR(mine->settings.inhale_fraction, 0.4, 1e-12);
  EXPECT_NEAR(my_resonance_preset(1.0)->settings.rate_bpm, kPacerMinRateBpm, 1e-12);
}

TEST(PacerPresets, NamesAreFoundWhateverTheirCase) {
  EXPECT_TRUE(find_pacer_preset(builtin_pacer_presets(), "BOX"));
  EXPECT_FALSE(find_pacer_preset(builtin_pacer_presets(), "boxes"));
}

TEST(PacerPresets, UserNamesMayNotHideBuiltInsOrBreakTheFile) {
  EXPECT_EQ(preset_name_problem("evening"), "");
  EXPECT_NE(preset_name_problem(""), "");
  EXPECT_NE(preset_name_problem("Resonance"), "");
  EXPECT_NE(preset_name_problem("My Resonance Rate"), "");
  EXPECT_NE(preset_name_problem("a\tb"), "");
  EXPECT_NE(preset_name_problem("#x"), "");
  EXPECT_NE(preset_name_problem(std::string(kPacerPresetNameMaxChars + 1, 'x')), "");
}

TEST(PacerPresets, UserPresetsSurviveTheFile) {
  PacerPreset a{"evening", "", clamped({5.5, 0.35, 1.0, 2.0}), 4.5, false};
  PacerPreset b{"quick calm", "", clamped({7.0, 0.5, 0.0, 0.0}), 0.0, false};
  const std::vector<PacerPreset> saved{a, b};
  const ParsedPresets back = parse_user_presets(format_user_presets(saved));
  EXPECT_TRUE(back.problems.empty());
  ASSERT_EQ(back.presets.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(back.presets[i].name, saved[i].name);
    EXPECT_NEAR(back.presets[i].settings.rate_bpm, saved[i].settings.rate_bpm, 1e-9);
    EXPECT_NEAR(back.presets[i].settings.inhale_fraction, saved[i].settings.inhale_fraction, 1e-3);
    EXPECT_NEAR(back.presets[i].settings.hold_after_inhale_s, saved[i].settings.hold_after_inhale_s, 1e-3);
    EXPECT_NEAR(back.presets[i].settings.hold_after_exhale_s, saved[i].settings.hold_after_exhale_s, 1e-3);
    EXPECT_NEAR(back.presets[i].ramp_target_bpm, saved[i].ramp_target_bpm, 1e-9);
    EXPECT_FALSE(back.presets[i].built_in);
  }
}

TEST(PacerPresets, BadLinesAreSkippedAndNamed) {
  const ParsedPresets p = parse_user_presets(
      "# comment\n"
      "\n"
      "good\t6\t0.4\t0\t0\n"
      "short\t6\t0.4\n"
      "words\tsix\t0.4\t0\t0\n"
      "box\t4\t0.5\t4\t4\n"
      "good\t5\t0.4\t0\t0\n"
      "wild\t99\t0.9\t50\t0\t1\r\n");
  ASSERT_EQ(p.presets.size(), 2u);
  EXPECT_EQ(p.presets[0].name, "good");
  // Out-of-range numbers are clamped, not refused; a ramp target must be below the rate.
  EXPECT_EQ(p.presets[1].name, "wild");
  EXPECT_DOUBLE_EQ(p.presets[1].settings.rate_bpm, kPacerMaxRateBpm);
  EXPECT_DOUBLE_EQ(p.presets[1].settings.inhale_fraction, kPacerMaxInhaleFraction);
  EXPECT_NEAR(p.presets[1].ramp_target_bpm, kPacerMinRateBpm, 1e-12);
  ASSERT_EQ(p.problems.size(), 4u);
  EXPECT_EQ(p.problems[0].rfind("line 4: ", 0), 0u) << p.problems[0];
  EXPECT_EQ(p.problems[1].rfind("line 5: ", 0), 0u) << p.problems[1];
  EXPECT_EQ(p.problems[2].rfind("line 6: ", 0), 0u) << p.problems[2];
  EXPECT_EQ(p.problems[3].rfind("line 7: ", 0), 0u) << p.problems[3];
}

TEST(PacerPresets, SwitchingPresetsKeepsTheBreathContinuous) {
  // Every pair of presets, switched at many points of the breath: the volume never jumps.
  const std::vector<PacerPreset> presets = builtin_pacer_presets();
  for (const PacerPreset& from : presets) {
    for (const PacerPreset& to : presets) {
      for (double t_s = 0.3; t_s < 19.0; t_s += 1.7) {
        PacerSchedule schedule(from.settings, 0.0);
        const double before = schedule.at(t_s).volume;
        schedule.set(t_s, to.settings);
        EXPECT_NEAR(schedule.at(t_s).volume, before, 1e-9)
            << from.name << " -> " << to.name << " at " << t_s << " s";
      }
    }
  }
}

}  // namespace
}  // namespace resonant
