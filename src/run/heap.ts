/**
 * The run's V8 heap settings, set by `oai-compat run` before it loads vitest. The suites run in the CLI's
 * own thread (run/in-thread-pool.ts): the flags below act on the running isolate, so only what V8 reads
 * while it runs can help (a heap limit is fixed when an isolate is created).
 *
 * - Young generation: V8 doubles a semi-space under a high allocation rate, up to 16 MiB each (32 MiB of
 *   new space, for short-lived garbage). A growth factor of 1, read whenever V8 would grow it, keeps the
 *   new space at its initial size. The cost is more (cheap) scavenges.
 * - `--optimize-for-size`: V8's own trade of speed for memory (smaller heap growth, leaner code).
 * - `--no-opt`: no optimizing compiler (TurboFan; the interpreter and the baseline compiler stay). Its
 *   compiled code and compilation memory are a run's cost for a speed the run does not need: it waits on
 *   the network. Measured (bench/memory.mjs, loaded 2-core machine): a full emulator run used less CPU
 *   (5.4 s against 7.2–7.6 s) and peaked a few MB lower; a flood of 100k SSE events, the one CPU-bound
 *   case, took 263 s against 149–192 s, and peaked at 544 MB against 683–814 MB, the suites' old
 *   generation being no longer bounded by a worker thread's limit. Session 6 (with the flag below, a
 *   loaded machine): the flood peaked at 498 MB in 299 s; a full run ~7 MB lower than with TurboFan.
 * - `--liftoff-only`: WebAssembly stays on V8's baseline compiler (Liftoff). undici parses HTTP with llhttp
 *   compiled to WebAssembly, and V8's optimizing tier-up of it took ~35 MB of compiler memory (V8's
 *   peak_malloced_memory 39 MB against 5 MB without), in the middle of the run, for one parser's speed.
 * - rolldown's native binding (loaded with vite, which bundles the suites' config and parses their imports)
 *   allocates with mimalloc, which reserves a 1 GiB arena and by default commits it eagerly: measured
 *   (/proc/self/smaps at a full emulator run's peak) about 47 MB resident in that arena, for a few MB of
 *   live allocations. `MIMALLOC_ARENA_EAGER_COMMIT=0` commits it as used: the peak fell from 198 to 162 MiB
 *   (medians of five runs each way, one build), at no measurable time. mimalloc reads its options once,
 *   when the binding loads, so the variable is set here, before vite is imported; one the user set is
 *   kept. It stays in this process's environment (the suites see it; the run spawns no child process).
 * A young-generation size given on the command line or in NODE_OPTIONS is kept.
 */
import { setFlagsFromString } from 'node:v8';

export function boundHeaps(): void {
  const given = `${process.env.NODE_OPTIONS ?? ''} ${process.execArgv.join(' ')}`;
  if (!/--(max-)?semi-space/.test(given)) setFlagsFromString('--semi-space-growth-factor=1');
  setFlagsFromString('--optimize-for-size');
  setFlagsFromString('--no-opt');
  setFlagsFromString('--liftoff-only');
  process.env.MIMALLOC_ARENA_EAGER_COMMIT ??= '0';
}
