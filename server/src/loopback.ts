/**
 * Loopback: where development sign-in may exist. An address the server
 * listens on, and a name a request's `Host` header gives, are loopback when
 * they can only be reached from this machine.
 */

function isLoopbackIPv4(text: string): boolean {
  const parts = text.split('.');
  return (
    parts.length === 4 && parts[0] === '127' && parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)
  );
}

/** A listening address (`HOST`): 127.0.0.0/8, ::1 or localhost. `0.0.0.0` and `::` are every interface, not loopback. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const name = bare.toLowerCase();
  return (
    name === 'localhost' ||
    name === '::1' ||
    isLoopbackIPv4(name) ||
    (name.startsWith('::ffff:') && isLoopbackIPv4(name.slice(7)))
  );
}

/**
 * The name in a `Host` header (`name`, `name:port`, `[v6]:port`) is a
 * loopback name. A DNS-rebinding page reaches a loopback server under its
 * own name (`evil.example`), which this refuses; a Vite dev proxy that
 * rewrites Host to its target keeps a loopback name.
 */
export function isLoopbackHostHeader(header: string | undefined): boolean {
  if (!header) return false;
  const name = header.startsWith('[') ? header.slice(0, header.indexOf(']') + 1) : header.replace(/:\d*$/, '');
  return name !== '' && isLoopbackHost(name);
}

/** The URL origin of `host`:`port` over http (IPv6 in brackets). */
export function httpOrigin(host: string, port: number): string {
  return `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
}

/** The origins a browser may use for a server listening on a loopback address: every loopback name, the same port. */
export function loopbackOrigins(port: number): string[] {
  return ['localhost', '127.0.0.1', '[::1]'].map((host) => httpOrigin(host, port));
}
