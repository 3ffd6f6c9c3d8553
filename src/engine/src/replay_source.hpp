#pragma once
// A stored session played back as a live sensor (SourceKind::kStoredSession): its samples (or,
// for a strap, its beats) go through the pipeline again in real time or at a speed factor,
// so the dashboard and resonant-cli show the session as it was. The engine reads storage
// here; the UI only names the session by id (SourceSpec).
//
// The session is read whole on the replay thread when it starts (playback.hpp); a session
// that cannot be read fails the link with a message saying why. Each event is sent when
// its recording time comes: t_rx = start + t_s / speed on this machine's clock, and the
// DeviceInfo announces the speed, so session time runs at the recording's own pace. At the
// end the link goes Idle with the message "replay finished".
//
// Threading contract: as SensorSource (engine thread calls start/stop; state/counters from
// any thread); one replay thread, owned and joined by this object.
#include <functional>
#include <memory>
#include <string>

#include <resonant/drivers/sensor_source.hpp>
#include <resonant/engine/source_spec.hpp>

namespace resonant::engine::detail {

/// nullptr and error set when no session is named.
std::unique_ptr<drivers::SensorSource> make_replay_source(const SourceSpec& spec,
                                                          drivers::SensorQueue& queue,
                                                          std::function<void()> wake,
                                                          std::string& error);

}  // namespace resonant::engine::detail
