/* Seeded randomness and scaled durations, so a run with the same --seed repeats itself. */
#include "tests/sim/sim.h"

#include <time.h>

/* splitmix64: small, good enough for jitter, and the same on every machine. */
uint64_t sim_rand(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

int64_t sim_rand_range(uint64_t *state, int64_t lo, int64_t hi)
{
	if (hi <= lo)
		return lo;
	return lo + (int64_t)(sim_rand(state) % (uint64_t)(hi - lo + 1));
}

int64_t sim_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int64_t sim_scaled(struct sim *s, struct sim_module *m, double lo_s, double hi_s)
{
	int64_t lo = (int64_t)(lo_s * s->scale * 1e9), hi = (int64_t)(hi_s * s->scale * 1e9);
	/* benchmarks compare one module with many: every module then takes the same time */
	if (s->no_jitter)
		return lo + (hi - lo) / 2;
	return sim_rand_range(&m->rng, lo, hi);
}
