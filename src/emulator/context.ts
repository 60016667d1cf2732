/**
 * The emulator's shapes shared by the server and its routes: the options it is started with, the running
 * server handed back, and one request's context. In a module of their own so that routes.ts and server.ts
 * do not import each other.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Profile } from '../spec/profile.types.js';
import type { ErrorAnswer } from './profile-view.js';
import type { Fault } from './faults/index.js';
import type { FaultContext } from './faults/types.js';

export interface EmulatorOptions {
  profile: Profile;
  /** The only key the emulator accepts. */
  apiKey: string;
  host?: string;
  port?: number;
  /** A fault id from the catalogue. */
  fault?: string;
  /** Delay between stream events, so events arrive in separate reads as from a real model. */
  chunkDelayMs?: number;
  /** Enforce a request rate (requests per window). Default: the profile's declared limit per minute, if any;
   * `false`: none. */
  rateLimit?: { requests: number; windowMs: number } | false;
  /** Largest request body accepted; larger gets the `oversized-body` answer. */
  maxRequestBytes?: number;
  /** A fixed delay before every answer, as a remote provider's latency (benchmarks, timeout tests). */
  latencyMs?: number;
}

export interface RunningEmulator {
  /** Base URL including the profile's base path, e.g. `http://127.0.0.1:4321/v1`. */
  baseUrl: string;
  origin: string;
  port: number;
  /** Requests received, for tests that count what a run sent. */
  stats: { requests: number; byRoute: Record<string, number> };
  close(): Promise<void>;
}

export interface RequestContext {
  opts: EmulatorOptions;
  fault?: Fault;
  req: IncomingMessage;
  res: ServerResponse;
  route: string;
  fctx: FaultContext;
  sendJson(status: number, body: unknown, headers?: Record<string, string>): void;
  sendError(caseId: string, fallback: { status: number; param?: string | null; code?: string | null; message: string }): void;
  sendAnswer(caseId: string, a: ErrorAnswer): void;
}
