/**
 * Preloaded (`node --import`) into third-party servers that have no listen-address option (Portkey's
 * gateway calls @hono/node-server's serve() with a port only, which listens on every interface): every
 * TCP listen of the process is bound to 127.0.0.1, so the test bed never opens a port beyond loopback.
 */
import net from 'node:net';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function loopbackListen(...args) {
  const [first] = args;
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    const rest = args.slice(1).filter((a) => typeof a === 'function');
    return listen.call(this, Number(first), '127.0.0.1', ...rest);
  }
  if (first && typeof first === 'object' && !Array.isArray(first) && ('port' in first || !('path' in first))) {
    return listen.call(this, { ...first, host: '127.0.0.1' }, ...args.slice(1));
  }
  return listen.apply(this, args);
};
