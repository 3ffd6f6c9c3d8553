// Shared title row and pause rule of the live-feedback views; feedback_paused() itself.
#include "views/feedback_card.hpp"

#include <string>

#include <resonant/ui/views.hpp>

#include "src/help_texts.hpp"
#include "widgets/shapes.hpp"

namespace resonant::ui {

bool feedback_paused(const engine::Snapshot& snap) {
  if (!snap.live.feedback_ok) return true;
  for (const engine::ChannelQuality& q : snap.live.quality) {
    if (q.present && q.kind == snap.beat_channel && snap.beat_count > 0) {
      return q.level <= dsp::QualityLevel::kPoor;
    }
  }
  return false;
}

engine::SignalAdvice paused_advice(const engine::Snapshot& snap) {
  return engine::feedback_pause_advice(snap.beat_channel, snap.live.pause);
}

std::string paused_words(const engine::Snapshot& snap) {
  return "paused \xE2\x80\x94 " + std::string(paused_advice(snap).problem);  // U+2014 em dash
}

void draw_paused_note(const engine::Snapshot& snap) {
  text_coloured(palette::kTextMuted, paused_words(snap).c_str());
  help_marker(help::kPaused);
}

bool feedback_title(const engine::Snapshot& snap, ViewState& state, const char* title,
                    const char* help_text) {
  const bool paused = feedback_paused(snap);
  text_coloured(paused ? palette::kTextFaint : palette::kTextMuted, title);
  help_marker(help_text);
  if (!paused) return true;
  state.feedback.paused = true;
  draw_paused_note(snap);
  return false;
}

}  // namespace resonant::ui
