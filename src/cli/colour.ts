/**
 * Colour in the terminal, and only there: a stream gets colour when it is a terminal that supports it,
 * never when it is piped or redirected, never with NO_COLOR set (https://no-color.org), always with
 * FORCE_COLOR set (other than 0/false), as most command-line tools do. The codes are node:util's
 * inspect.colors (styleText would decide by itself, from stdout, on newer Node versions: this decides
 * per stream).
 */
import { inspect } from 'node:util';

export type Style = 'fail' | 'pass' | 'warn' | 'dim';

const FORMATS: Record<Style, string[]> = {
  fail: ['red', 'bold'],
  pass: ['green'],
  warn: ['yellow'],
  dim: ['dim'],
};

interface MaybeTerminal {
  isTTY?: boolean;
  hasColors?: (count?: number) => boolean;
}

export function colourEnabled(stream: MaybeTerminal, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && !/^(0|false)$/i.test(env.FORCE_COLOR)) return true;
  if (env.TERM === 'dumb') return false;
  return Boolean(stream.isTTY) && (stream.hasColors?.() ?? true);
}

/** `text` in `style` when colour is on for the stream it is written to; unchanged otherwise. */
export function paint(text: string, style: Style, on: boolean): string {
  if (!on) return text;
  return FORMATS[style].reduce((t, name) => {
    const [open, close] = inspect.colors[name]!;
    return `\x1b[${open}m${t}\x1b[${close}m`;
  }, text);
}
