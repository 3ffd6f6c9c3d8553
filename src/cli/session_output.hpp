#pragma once
// How resonant-cli session prints: human-readable lines, or one JSON object per line.
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include <resonant/engine/engine_event.hpp>
#include <resonant/engine/summary.hpp>

namespace resonant::cli {

/// NaN and infinities become JSON null ("not available"), never a made-up number.
nlohmann::json number_or_null(double v);
/// The value printed with format, or "--" when it is not available (NaN).
std::string fmt_or_dash(const char* format, double v);

/// Why a session ended (printed in the summary).
enum class SessionEnd { kDuration, kInterrupted, kSensorLost, kFailed, kProtocolComplete };
const char* to_string(SessionEnd end);

class SessionOutput {
 public:
  SessionOutput(std::FILE* out, bool json_lines) : out_(out), json_(json_lines) {}

  void event(const engine::EngineEvent& e);
  void summary(const engine::SessionSummary& s, SessionEnd end);

 private:
  void beat(const engine::BeatRecord& b);
  void link(const engine::LinkRecord& l);
  void stream(const engine::StreamRecord& s);
  void gap(const engine::GapRecord& g);
  void recording(const engine::RecordingRecord& r);
  void feedback(const engine::FeedbackRecord& f);
  void signal(const engine::SignalRecord& s);
  // session_protocol_output.cpp
  void step(const engine::StepRecord& s);
  void assessment(const engine::AssessmentRecord& a);
  void protocol_end(const engine::ProtocolEndRecord& p);

  std::FILE* out_;
  bool json_;
  bool recovered_told_ = false;  // "session N was interrupted" is told once
  bool feedback_paused_ = false;  // as the last feedback line said
};

}  // namespace resonant::cli
