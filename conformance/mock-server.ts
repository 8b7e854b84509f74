/// <reference types="node" />
/**
 * The MSW mocks served over real HTTP, strict by default: a backend to run
 * the CLI against without the reference server
 * (`npm run conformance:mocks`), and a way for a host to see what the
 * elements expect. In memory, plain text: a stand-in, NOT a storage design.
 *
 * `startMockServer({ port, lenient }) → { url, close() }`; run directly it
 * prints `listening on http://HOST:PORT`.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse } from 'msw';
import { mockHandlers } from '../mocks/index.js';

export interface StartedServer {
  url: string;
  close(): Promise<void>;
}

async function readBody(message: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startMockServer(
  options: { port?: number; host?: string; lenient?: boolean } = {},
): Promise<StartedServer> {
  const handlers = mockHandlers({ lenient: options.lenient ?? false });
  const host = options.host ?? '127.0.0.1';
  const server = createServer((message, reply) => {
    void (async () => {
      try {
        const url = new URL(message.url ?? '/', `http://${message.headers.host ?? host}`);
        const headers = new Headers();
        for (const [name, value] of Object.entries(message.headers)) {
          if (typeof value === 'string') headers.set(name, value);
          else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
        }
        const body = message.method === 'GET' || message.method === 'HEAD' ? undefined : await readBody(message);
        const request = new Request(url, {
          method: message.method,
          headers,
          body: body && body.length > 0 ? new Uint8Array(body) : undefined,
        });
        const response = await getResponse(handlers, request, { baseUrl: url.origin });
        if (!response) {
          reply.writeHead(404, { 'content-type': 'application/problem+json' });
          reply.end(JSON.stringify({ title: 'Not found', status: 404, detail: 'No such route.' }));
          return;
        }
        const outgoing: Record<string, string | string[]> = {};
        response.headers.forEach((value, name) => {
          if (name !== 'set-cookie') outgoing[name] = value;
        });
        const cookies = response.headers.getSetCookie();
        if (cookies.length > 0) outgoing['set-cookie'] = cookies;
        reply.writeHead(response.status, outgoing);
        reply.end(Buffer.from(await response.arrayBuffer()));
      } catch (error) {
        reply.writeHead(500, { 'content-type': 'application/problem+json' });
        reply.end(
          JSON.stringify({
            title: 'Internal server error',
            status: 500,
            detail: error instanceof Error ? error.message : 'failed',
          }),
        );
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop() ?? '')) {
  const port = Number(process.env.PORT ?? 8788);
  const started = await startMockServer({ port, host: process.env.HOST, lenient: process.env.LENIENT === '1' });
  process.stdout.write(`listening on ${started.url}\n`);
  const stop = () => void started.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
