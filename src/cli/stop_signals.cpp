#include <csignal>

#include <atomic>

#include "commands.hpp"

namespace resonant::cli {
namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_stop_signal(int) { g_stop.store(true); }

}  // namespace

void install_stop_signals() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  // The terminal closed, or whoever reads our output (`| head`) went away: end the session
  // as Ctrl-C does, so it is saved and marked complete instead of killed mid-write. Unless the
  // signal was ignored when we started: `nohup resonant-cli session …` must outlive its
  // terminal.
  for (const int sig : {SIGHUP, SIGPIPE}) {
    struct sigaction old {};
    if (sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    sigaction(sig, &sa, nullptr);
  }
}

bool stop_requested() { return g_stop.load(); }

}  // namespace resonant::cli
