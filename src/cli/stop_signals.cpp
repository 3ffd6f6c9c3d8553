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
  // as Ctrl-C does, so it is saved and marked complete instead of killed mid-write.
  sigaction(SIGHUP, &sa, nullptr);
  sigaction(SIGPIPE, &sa, nullptr);
}

bool stop_requested() { return g_stop.load(); }

}  // namespace resonant::cli
