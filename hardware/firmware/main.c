/*
 * Resonant DIY sensor firmware for an Arduino Uno/Nano (ATmega328P, 16 MHz): samples a PPG
 * pulse sensor (A0), a respiration belt (A1) and a skin-conductance sensor (A2) from a
 * hardware timer and streams them in the Resonant Serial Protocol over the USB-serial UART.
 * See hardware/README.md (wiring, building, flashing) and hardware/protocol/PROTOCOL.md.
 *
 * Structure: interrupts sample (sampler.c) and move bytes (uart.c); this loop turns received
 * bytes into commands (command_parser.c) and ticks into frames (device.c), then sleeps until
 * the next interrupt.
 */
#include <avr/interrupt.h>
#include <avr/sleep.h>

#include "command_parser.h"
#include "device.h"
#include "sampler.h"
#include "uart.h"

static fw_device device;
static fw_command_parser parser;

int main(void) {
  uart_init();
  sampler_init();
  fw_device_init(&device, uart_write, 0);
  fw_command_parser_init(&parser);
  set_sleep_mode(SLEEP_MODE_IDLE); /* timers, ADC and UART keep running */
  sei();

  for (;;) {
    uint8_t byte = 0;
    uint16_t reads[FW_CHANNEL_COUNT];
    uint32_t t_us = 0;
    fw_command command;
    while (uart_read(&byte)) {
      if (fw_command_parser_push(&parser, byte, &command)) {
        fw_device_command(&device, command.type, command.seq, sampler_now_us());
      }
    }
    while (sampler_take(reads, &t_us)) fw_device_tick(&device, reads, t_us);

    /* Sleep unless an interrupt brought work since the checks above; `sei; sleep` runs
     * both instructions before any interrupt, so no wake-up is missed. */
    cli();
    if (!sampler_pending() && !uart_rx_pending()) {
      sleep_enable();
      sei();
      sleep_cpu();
      sleep_disable();
    }
    sei();
  }
}
