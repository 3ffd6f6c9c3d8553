// A narrowed combo shows its brief label, and where even that would be clipped, drops its
// arrow: in office mode at 2x text on 1280 x 800 the pacer's options read "Pre", "Circ" and
// "Sile" (seen under Xvfb, 2026-11-24).
#include <gtest/gtest.h>

#include "view_test_support.hpp"
#include "widgets/shapes.hpp"

namespace resonant::ui {
namespace {

using testing::ImGuiHarness;

ComboFit fit_at_width(float item_w, const char* full, const char* brief) {
  ImGui::PushItemWidth(item_w);
  const ComboFit fit = fit_combo_preview(full, brief);
  ImGui::PopItemWidth();
  return fit;
}

TEST(ComboFit, FullLabelThenBriefThenNoArrow) {
  for (const float scale : {1.0f, 2.0f}) {
    ImGuiHarness h(ImVec2(1280.0f, 800.0f), scale);
    h.frame([&] {
      const float pad = ImGui::GetStyle().FramePadding.x;  // the preview's left inset
      const float arrow = ImGui::GetFrameHeight();
      const float full_w = ImGui::CalcTextSize("Sound off").x;
      const float brief_w = ImGui::CalcTextSize("Silent").x;
      ASSERT_GT(full_w, brief_w);

      ComboFit fit = fit_at_width(full_w + arrow + pad + 1.0f, "Sound off", "Silent");
      EXPECT_STREQ(fit.preview, "Sound off") << scale;
      EXPECT_EQ(fit.flags, 0) << scale;

      fit = fit_at_width(brief_w + arrow + pad + 1.0f, "Sound off", "Silent");
      EXPECT_STREQ(fit.preview, "Silent") << scale;
      EXPECT_EQ(fit.flags, 0) << scale;

      // Too narrow for "Silent" beside the arrow, wide enough without it.
      fit = fit_at_width(brief_w + pad + 1.0f, "Sound off", "Silent");
      EXPECT_STREQ(fit.preview, "Silent") << scale;
      EXPECT_EQ(fit.flags, ImGuiComboFlags_NoArrowButton) << scale;

      // Clipped even without it (a long preset name, full and brief alike): the arrow stays.
      fit = fit_at_width(brief_w + pad - 1.0f, "Silent", "Silent");
      EXPECT_STREQ(fit.preview, "Silent") << scale;
      EXPECT_EQ(fit.flags, 0) << scale;
      fit = fit_at_width(brief_w + pad + 1.0f, "Silent", "Silent");
      EXPECT_EQ(fit.flags, ImGuiComboFlags_NoArrowButton) << scale;
    });
  }
}

}  // namespace
}  // namespace resonant::ui
