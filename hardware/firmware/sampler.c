/* Timer1 sampling tick and round-robin ADC (see sampler.h). */
#include "sampler.h"

#include <avr/interrupt.h>
#include <avr/io.h>
#include <util/atomic.h>

/* Timer1 in CTC mode, clock F_CPU / 64: 4 us per count at 16 MHz, 1000 counts per tick. */
#define SAMPLER_PRESCALER 64ul
#define SAMPLER_US_PER_COUNT (SAMPLER_PRESCALER * FW_US_PER_S / F_CPU)
#define SAMPLER_COUNTS_PER_TICK (F_CPU / SAMPLER_PRESCALER / FW_TICK_RATE_HZ)
_Static_assert(SAMPLER_US_PER_COUNT * F_CPU == SAMPLER_PRESCALER * FW_US_PER_S,
               "a timer count must be whole microseconds");
_Static_assert(SAMPLER_COUNTS_PER_TICK * SAMPLER_PRESCALER * FW_TICK_RATE_HZ == F_CPU,
               "the tick must be a whole number of timer counts");
_Static_assert(SAMPLER_COUNTS_PER_TICK <= 0x10000ul, "Timer1 is 16-bit");

/* ADC: AVcc reference; clock F_CPU / 128 = 125 kHz (50-200 kHz for full 10-bit accuracy), so
 * one conversion takes 13 / 125 kHz = 104 us and a tick's three take 312 us of the 4 ms. */
#define SAMPLER_ADMUX_REF (1u << REFS0)
#define SAMPLER_ADCSRA ((1u << ADEN) | (1u << ADIE) | (1u << ADPS2) | (1u << ADPS1) | (1u << ADPS0))

/* 16 ticks = 64 ms of slack for the main loop while it waits for the UART. */
#define SAMPLER_RING 16u
_Static_assert((SAMPLER_RING & (SAMPLER_RING - 1u)) == 0u, "ring size is a power of two");

typedef struct {
  uint16_t reads[FW_CHANNEL_COUNT];
  uint32_t t_us;
} sampler_tick;

static const uint8_t kPins[FW_CHANNEL_COUNT] = {
    [FW_CH_PPG] = FW_PIN_PPG, [FW_CH_BELT] = FW_PIN_BELT, [FW_CH_EDA] = FW_PIN_EDA};

static volatile uint32_t clock_us;   /* device time of the latest compare match */
static sampler_tick current;         /* the tick being converted (interrupts only) */
static uint8_t current_channel;      /* (interrupts only) */
static sampler_tick ring[SAMPLER_RING];
static volatile uint8_t ring_head;   /* written by the ADC interrupt */
static volatile uint8_t ring_tail;   /* written by the main loop */

static void start_conversion(uint8_t channel) {
  ADMUX = (uint8_t)(SAMPLER_ADMUX_REF | kPins[channel]);
  ADCSRA = (uint8_t)(SAMPLER_ADCSRA | (1u << ADSC));
}

void sampler_init(void) {
  ADMUX = (uint8_t)SAMPLER_ADMUX_REF;
  ADCSRA = (uint8_t)SAMPLER_ADCSRA;
  DIDR0 = (uint8_t)((1u << FW_PIN_PPG) | (1u << FW_PIN_BELT) | (1u << FW_PIN_EDA));
  TCCR1A = 0;
  TCNT1 = 0;
  TIMSK1 = (uint8_t)(1u << OCIE1A);
  TCCR1B = (uint8_t)((1u << WGM12) | (1u << CS11) | (1u << CS10)); /* CTC, F_CPU / 64 */
  /* TOP after the mode (simavr applies it only in CTC mode); the counter is a few counts in. */
  OCR1A = (uint16_t)(SAMPLER_COUNTS_PER_TICK - 1ul);
}

ISR(TIMER1_COMPA_vect) {
  start_conversion(0); /* first: the PPG is read at the tick, a few cycles after it */
  clock_us += FW_TICK_US;
  current.t_us = clock_us;
  current_channel = 0;
}

ISR(ADC_vect) {
  current.reads[current_channel] = ADC;
  if (++current_channel < FW_CHANNEL_COUNT) {
    start_conversion(current_channel);
    return;
  }
  if ((uint8_t)(ring_head - ring_tail) < SAMPLER_RING) {
    ring[ring_head & (SAMPLER_RING - 1u)] = current;
    ring_head = (uint8_t)(ring_head + 1u);
  }
}

uint8_t sampler_pending(void) { return ring_head != ring_tail; }

uint8_t sampler_take(uint16_t reads[FW_CHANNEL_COUNT], uint32_t* t_us) {
  uint8_t ch;
  const sampler_tick* t;
  if (ring_head == ring_tail) return 0;
  t = &ring[ring_tail & (SAMPLER_RING - 1u)];
  for (ch = 0; ch < FW_CHANNEL_COUNT; ++ch) reads[ch] = t->reads[ch];
  *t_us = t->t_us;
  ring_tail = (uint8_t)(ring_tail + 1u);
  return 1;
}

uint32_t sampler_now_us(void) {
  uint32_t base = 0;
  uint16_t count = 0;
  ATOMIC_BLOCK(ATOMIC_RESTORESTATE) {
    base = clock_us;
    count = TCNT1;
    /* A compare match whose interrupt has not run yet: the counter already restarted. */
    if ((TIFR1 & (1u << OCF1A)) && count < SAMPLER_COUNTS_PER_TICK / 2u) base += FW_TICK_US;
  }
  return base + (uint32_t)count * SAMPLER_US_PER_COUNT;
}
