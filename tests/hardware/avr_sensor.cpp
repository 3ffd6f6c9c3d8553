#include "avr_sensor.hpp"

#include <cstring>
#include <stdexcept>
#include <string>

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wconversion"
#endif
extern "C" {
#include <avr_adc.h>
#include <avr_uart.h>
#include <sim_avr.h>
#include <sim_elf.h>
#include <sim_io.h>
#include <sim_irq.h>
}
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

namespace resonant::testing {
namespace {

constexpr char kMcu[] = "atmega328p";
constexpr char kUart = '0';
constexpr std::uint32_t kAdcFullScale = 1023;  // simavr: counts = mV * 1023 / Vref

avr_irq_t* uart_irq(avr_t* avr, int which) {
  return avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ(kUart), which);
}
avr_irq_t* adc_irq(avr_t* avr, int which) { return avr_io_getirq(avr, AVR_IOCTL_ADC_GETIRQ, which); }

/// The harness paces time itself: the AVR's sleep must not sleep the host thread.
void no_host_sleep(avr_t*, avr_cycle_count_t) {}

}  // namespace

AvrSensor::AvrSensor(const std::filesystem::path& elf, std::array<Waveform, kPins> inputs)
    : inputs_(std::move(inputs)) {
  elf_firmware_t fw{};
  if (elf_read_firmware(elf.c_str(), &fw) != 0) {
    throw std::runtime_error("simavr cannot read the firmware " + elf.string() +
                             " (build the target resonant_firmware)");
  }
  std::strncpy(fw.mmcu, kMcu, sizeof fw.mmcu - 1);
  fw.frequency = kCpuHz;
  fw.vcc = fw.avcc = fw.aref = kAvccMv;
  avr_ = avr_make_mcu_by_name(kMcu);
  if (avr_ == nullptr) throw std::runtime_error("simavr does not know the " + std::string(kMcu));
  avr_init(avr_);
  avr_->sleep = no_host_sleep;
  avr_->log = LOG_WARNING;
  avr_load_firmware(avr_, &fw);

  // Binary data: no console echo of "lines", no usleep() when the firmware polls the UART.
  std::uint32_t flags = 0;
  avr_ioctl(avr_, AVR_IOCTL_UART_GET_FLAGS(kUart), &flags);
  flags &= ~static_cast<std::uint32_t>(AVR_UART_FLAG_STDIO | AVR_UART_FLAG_POLL_SLEEP);
  avr_ioctl(avr_, AVR_IOCTL_UART_SET_FLAGS(kUart), &flags);
  avr_irq_register_notify(uart_irq(avr_, UART_IRQ_OUTPUT), &AvrSensor::on_uart_output, this);
  avr_irq_register_notify(uart_irq(avr_, UART_IRQ_OUT_XON), &AvrSensor::on_uart_xon, this);
  avr_irq_register_notify(uart_irq(avr_, UART_IRQ_OUT_XOFF), &AvrSensor::on_uart_xoff, this);
  avr_irq_register_notify(adc_irq(avr_, ADC_IRQ_OUT_TRIGGER), &AvrSensor::on_adc_trigger, this);
}

AvrSensor::~AvrSensor() {
  if (avr_ != nullptr) {
    avr_terminate(avr_);
    std::free(avr_);
  }
}

void AvrSensor::on_uart_output(avr_irq_t*, std::uint32_t value, void* self) {
  static_cast<AvrSensor*>(self)->output_.push_back(static_cast<std::uint8_t>(value));
}

void AvrSensor::on_uart_xon(avr_irq_t*, std::uint32_t, void* self) {
  auto* s = static_cast<AvrSensor*>(self);
  s->uart_full_ = false;
  s->feed_uart();
}

void AvrSensor::on_uart_xoff(avr_irq_t*, std::uint32_t, void* self) {
  static_cast<AvrSensor*>(self)->uart_full_ = true;
}

void AvrSensor::on_adc_trigger(avr_irq_t*, std::uint32_t value, void* self) {
  auto* s = static_cast<AvrSensor*>(self);
  union {
    avr_adc_mux_t mux;
    std::uint32_t bits;
  } e{};
  e.bits = value;
  if (e.mux.kind != ADC_MUX_SINGLE || e.mux.src >= kPins) return;
  const auto pin = static_cast<std::uint8_t>(e.mux.src);
  const std::uint16_t counts = std::min<std::uint16_t>(s->inputs_[pin](s->time_s()), kAdcFullScale);
  // The smallest millivolts that simavr converts to exactly `counts`.
  const std::uint32_t mv = (counts * kAvccMv + kAdcFullScale - 1) / kAdcFullScale;
  s->reads_.push_back(AdcRead{pin, s->avr_->cycle, counts});
  avr_raise_irq(adc_irq(s->avr_, ADC_IRQ_ADC0 + pin), mv);
}

void AvrSensor::feed_uart() {
  while (!uart_full_ && input_pos_ < input_.size()) {
    avr_raise_irq(uart_irq(avr_, UART_IRQ_INPUT), input_[input_pos_++]);
  }
  if (input_pos_ == input_.size()) {
    input_.clear();
    input_pos_ = 0;
  }
}

void AvrSensor::send(std::span<const std::uint8_t> bytes) {
  input_.insert(input_.end(), bytes.begin(), bytes.end());
  feed_uart();
}

std::vector<std::uint8_t> AvrSensor::take_output() {
  std::vector<std::uint8_t> out;
  out.swap(output_);
  return out;
}

void AvrSensor::run_until(double t_s) {
  const auto target = static_cast<avr_cycle_count_t>(t_s * kCpuHz);
  while (avr_->cycle < target) {
    const int state = avr_run(avr_);
    if (state == cpu_Done || state == cpu_Crashed) {
      throw std::runtime_error("the firmware stopped in simavr (state " + std::to_string(state) +
                               ") at cycle " + std::to_string(avr_->cycle));
    }
  }
}

double AvrSensor::time_s() const { return static_cast<double>(avr_->cycle) / kCpuHz; }
std::uint64_t AvrSensor::cycle() const { return avr_->cycle; }

}  // namespace resonant::testing
