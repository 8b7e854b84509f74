import { HttpResponse } from 'msw';

/** Every answer of the contract carries it: no browser or proxy cache keeps a personal answer. */
const NO_STORE = { 'Cache-Control': 'no-store' } as const;

/** A JSON answer of the contract (`HttpResponse.json` with `Cache-Control: no-store`). */
export function json(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return HttpResponse.json(body as Parameters<typeof HttpResponse.json>[0], {
    status: init.status,
    headers: { ...NO_STORE, ...init.headers },
  });
}

/** Builds an RFC 9457 problem response, as every error of the contract is. */
export function problem(
  status: number,
  title: string,
  detail: string,
  extensions: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): HttpResponse<string> {
  const type = `https://account-secret-elements.example/problems/${slug(title)}`;
  return new HttpResponse(JSON.stringify({ type, title, status, detail, ...extensions }), {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...NO_STORE, ...headers },
  });
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z]+/g, '-')
    .replace(/^-|-$/g, '');
}
