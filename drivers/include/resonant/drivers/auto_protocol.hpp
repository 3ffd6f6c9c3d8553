#pragma once
// "--protocol auto": finds out which protocol a device speaks, safely.
//
// Probing runs in steps, one per distinct serial setting of the candidates (most likely
// protocols first, from port discovery):
//   1. listen: the port is set to that line setting and every candidate using it decodes the
//      same bytes in private (nothing reaches the engine). Devices that stream on their own
//      (straps, oximeters, bridges) are recognised here, without anything being sent to them;
//   2. ask: each candidate at that setting that needs a command to start (its on_open() is not
//      empty) sends it, alone, and listens.
// A candidate is believed once it has decoded frames_to_confirm() measurement frames with
// fewer errors than frames. The bytes of the current step are then replayed into it, so what
// arrived while probing is not lost, and from then on it is the link's protocol (also after a
// reconnect). After kMaxRounds rounds without a match, fatal_error() says what was tried.
//
// Threading contract: like every ProtocolHandler, used only by its link's I/O thread.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <resonant/drivers/protocol_handler.hpp>

namespace resonant::drivers {

struct AutoCandidate {
  std::string name;
  std::function<std::unique_ptr<ProtocolHandler>()> make;
  bool likely = false;   // named by port discovery: asked first, before anything listens
  bool certain = false;  // the port's USB ids say it is this device (e.g. an ANT stick): its
                         // fatal errors (a missing key) are reported instead of probing on
};

struct AutoTiming {
  double listen_s = 1.2;  // passive listening per serial setting
  double ask_s = 1.5;     // listening after one candidate's start command
  int max_rounds = 3;     // full rounds before giving up
};

std::unique_ptr<ProtocolHandler> make_auto_protocol_handler(std::vector<AutoCandidate> candidates,
                                                           AutoTiming timing = {});

}  // namespace resonant::drivers
